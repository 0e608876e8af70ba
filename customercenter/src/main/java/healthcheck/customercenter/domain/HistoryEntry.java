package healthcheck.customercenter.domain;

import java.time.Instant;
import java.util.Comparator;

/** A step of a booking's history and when it happened (not when its event was received). */
public record HistoryEntry(Step step, Instant at) {

    /** The order a customer reads a history in: by time, and steps stamped in the same instant by the booking's life. */
    static final Comparator<HistoryEntry> CHRONOLOGICAL = Comparator.comparing(HistoryEntry::at)
            .thenComparing(entry -> entry.step().lifecycleRank());
}
