package healthcheck.platform.inbox;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The consumer side of exactly-once effects: remembers the ids of the events a consumer has applied, in the same
 * transaction as their effect. Remembering is one statement that inserts unless the id is there already, so a
 * redelivery is told apart in one round trip and two deliveries racing each other cannot both count as first:
 * the loser waits on the winner's row lock and then finds the row (PostgreSQL), or fails on the primary key and
 * rolls its effect back (H2, HSQLDB), to be retried and then skipped.
 */
public class ProcessedEvents {

    private final JdbcTemplate jdbc;
    private volatile String insertUnlessSeen;

    public ProcessedEvents(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** True the first time an event id is seen by this consumer; false for a redelivery. */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean markFirstDelivery(UUID eventId, String consumer) {
        return jdbc.update(insertUnlessSeen(), eventId.toString(), consumer, Timestamp.from(Instant.now())) == 1;
    }

    /** Forgets the ids applied before {@code cutoff}; see {@code healthcheck.retention.period}. */
    public int forgetProcessedBefore(Instant cutoff) {
        return jdbc.update("delete from processed_event where processed_at < ?", Timestamp.from(cutoff));
    }

    private String insertUnlessSeen() {
        String sql = insertUnlessSeen;
        if (sql == null) {
            String product = jdbc.execute((ConnectionCallback<String>) c -> c.getMetaData().getDatabaseProductName());
            // PostgreSQL's MERGE is not safe against a concurrent insert of the same key; ON CONFLICT is
            sql = "PostgreSQL".equals(product)
                    ? "insert into processed_event (event_id, consumer, processed_at) values (?, ?, ?)"
                            + " on conflict do nothing"
                    : "merge into processed_event p using (values (cast(? as varchar(36)), cast(? as varchar(100)),"
                            + " cast(? as timestamp with time zone))) as v (event_id, consumer, processed_at)"
                            + " on p.event_id = v.event_id and p.consumer = v.consumer"
                            + " when not matched then insert (event_id, consumer, processed_at)"
                            + " values (v.event_id, v.consumer, v.processed_at)";
            insertUnlessSeen = sql;
        }
        return sql;
    }
}
