package healthcheck.platform.inbox;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The consumer side of exactly-once effects: remembers the ids of the events a consumer has applied, in the same
 * transaction as their effect. A redelivered event finds its id and is skipped; if two deliveries ever raced, the
 * primary key makes the second transaction fail and roll back its effect.
 */
public class ProcessedEvents {

    private final JdbcTemplate jdbc;

    public ProcessedEvents(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** True the first time an event id is seen by this consumer; false for a redelivery. */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean markFirstDelivery(UUID eventId, String consumer) {
        Integer seen = jdbc.queryForObject(
                "select count(*) from processed_event where event_id = ? and consumer = ?",
                Integer.class, eventId.toString(), consumer);
        if (seen != null && seen > 0) {
            return false;
        }
        jdbc.update("insert into processed_event (event_id, consumer, processed_at) values (?, ?, ?)",
                eventId.toString(), consumer, Timestamp.from(Instant.now()));
        return true;
    }
}
