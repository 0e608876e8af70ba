package healthcheck.events;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import java.util.UUID;

/**
 * Ids that sort by when they were made (UUID version 7, RFC 9562: a millisecond timestamp, then random bits), for
 * events and for anything else used as a key in a B-tree. Every consumer remembers the ids of the events it applied
 * ({@code processed_event}); random ids land on random pages of that index, so each commit rewrote pages all over it
 * (H2's store writes every page a commit changed, PostgreSQL logs each page's first change after a checkpoint in
 * full) and lookups read pages that had left the cache. Ids made in the same moment share the index's last pages.
 * Still 74 random bits, so no id can be guessed from another.
 */
public final class TimeOrderedIds {

    private static final TimeBasedEpochGenerator GENERATOR = Generators.timeBasedEpochGenerator();

    private TimeOrderedIds() {
    }

    public static UUID next() {
        return GENERATOR.generate();
    }
}
