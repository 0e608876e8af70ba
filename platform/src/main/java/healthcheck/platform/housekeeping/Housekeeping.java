package healthcheck.platform.housekeeping;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Deletes every service's {@link ExpiringRows} past their retention, every {@code healthcheck.housekeeping.interval}
 * (10 min): small batches often rather than one large delete. Every instance runs it; a delete is idempotent, so
 * instances sharing a database only repeat each other's work. A database that is away is tried again next time.
 */
public class Housekeeping {

    private static final Logger log = LoggerFactory.getLogger(Housekeeping.class);

    private final List<ExpiringRows> expiring;
    private final Clock clock;

    public Housekeeping(List<ExpiringRows> expiring, Clock clock) {
        this.expiring = List.copyOf(expiring);
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${healthcheck.housekeeping.interval:PT10M}",
            initialDelayString = "${healthcheck.housekeeping.initial-delay:PT1M}")
    public void deleteExpired() {
        Instant now = clock.instant();
        for (ExpiringRows rows : expiring) {
            try {
                int deleted = rows.deleteOlderThan().applyAsInt(now.minus(rows.retention()));
                if (deleted > 0) {
                    log.info("Deleted {} {} older than {}", deleted, rows.description(), rows.retention());
                }
            } catch (DataAccessException e) {
                log.warn("Could not delete expired {} (next try in one interval): {}", rows.description(), e.toString());
            }
        }
    }
}
