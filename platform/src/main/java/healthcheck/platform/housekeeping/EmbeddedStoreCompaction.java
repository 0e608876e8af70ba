package healthcheck.platform.housekeeping;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Keeps an embedded H2 database file from growing without bound while its service runs.
 * <p>
 * The services open H2 with {@code WRITE_DELAY=0} so that a commit is in the file before it returns (README,
 * Durability). That also switches off H2's background writer, and with it the only housekeeping H2 does while the
 * database is open: rewriting the live pages left in old, mostly empty chunks so that the chunks' space can be
 * reused. Without it every chunk that still holds one live page (a B-tree leaf no later commit touched) keeps its
 * whole space: customercenter's file grew ~200 MB a minute at 120 bookings a second and only shrank when closed.
 * <p>
 * This is the writer's rewrite step, called on a schedule: {@link MVStore#compact(int, int)} moves the live pages of
 * the emptiest chunks into a new chunk, a bounded amount at a time, and only takes chunks older than H2's retention
 * time (45 s), so a chunk a crash could still need is never overwritten. It waits at most 10 ms for the store's
 * lock and otherwise gives up until the next run, so it never queues behind a burst of commits. Written by hand
 * because H2 offers no setting that keeps this step without the background writer. Not
 * {@code MVStore.compactFile}, which is meant for a store being closed: it sets the retention time to 0 for the
 * rest of the store's life.
 */
public class EmbeddedStoreCompaction {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedStoreCompaction.class);

    private final DataSource dataSource;
    private final int targetFillRate;
    private final int writeLimitBytes;
    private MVStore store;
    private boolean notEmbedded;

    /**
     * @param targetFillRate compact while the live share of the chunks' space is below this (percent)
     * @param writeLimitBytes how many live bytes one run may rewrite, which bounds how long it holds the store
     */
    public EmbeddedStoreCompaction(DataSource dataSource, int targetFillRate, int writeLimitBytes) {
        this.dataSource = dataSource;
        this.targetFillRate = targetFillRate;
        this.writeLimitBytes = writeLimitBytes;
    }

    @Scheduled(fixedDelayString = "${healthcheck.embedded-store.compaction-interval:PT1S}",
            initialDelayString = "${healthcheck.embedded-store.compaction-interval:PT1S}")
    public void compact() {
        MVStore embedded = embeddedStore();
        if (embedded == null) {
            return;
        }
        try {
            embedded.compact(targetFillRate, writeLimitBytes);
        } catch (RuntimeException e) {
            // a store being closed (shutdown) or failing: the next run looks again, commits report their own errors
            log.debug("Embedded store not compacted this time: {}", e.toString());
        }
    }

    /** The open file store behind the data source, found once; null for in-memory and server-mode databases. */
    MVStore embeddedStore() {
        if (notEmbedded) {
            return null;
        }
        if (store != null && !store.isClosed()) {
            return store;
        }
        store = null;
        try (Connection connection = dataSource.getConnection()) {
            if (connection.isWrapperFor(JdbcConnection.class)
                    && connection.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal session
                    && session.getDatabase().isPersistent()) {
                store = session.getDatabase().getStore().getMvStore();
                return store;
            }
            notEmbedded = true;
            return null;
        } catch (SQLException e) {
            log.debug("Embedded store not reachable this time: {}", e.toString());
            return null;
        }
    }
}
