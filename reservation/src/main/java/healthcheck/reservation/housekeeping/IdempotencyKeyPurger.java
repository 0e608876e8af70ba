package healthcheck.reservation.housekeeping;

import healthcheck.reservation.domain.IdempotencyKeyRepository;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Forgets Idempotency-Keys once their retention is over (24 h by default): a client retries within seconds or
 * minutes, and the table must not grow with every booking ever made.
 */
@Component
class IdempotencyKeyPurger {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyKeyPurger.class);

    private final IdempotencyKeyRepository keys;
    private final Duration retention;
    private final Clock clock;

    IdempotencyKeyPurger(IdempotencyKeyRepository keys,
                         @Value("${healthcheck.reservation.idempotency.retention:PT24H}") Duration retention,
                         Clock clock) {
        this.keys = keys;
        this.retention = retention;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${healthcheck.reservation.idempotency.purge-interval:PT10M}",
            initialDelayString = "${healthcheck.reservation.idempotency.purge-interval:PT10M}")
    int purge() {
        int purged = keys.deleteCreatedBefore(clock.instant().minus(retention));
        if (purged > 0) {
            log.info("Purged {} Idempotency-Keys older than {}", purged, retention);
        }
        return purged;
    }
}
