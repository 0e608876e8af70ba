package healthcheck.reservation.config;

import healthcheck.platform.housekeeping.ExpiringRows;
import healthcheck.reservation.domain.IdempotencyKeyRepository;
import healthcheck.reservation.domain.ReservationRepository;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What reservation keeps only for a while; platform's Housekeeping deletes it once its retention is over. */
@Configuration(proxyBeanMethods = false)
class RetentionConfiguration {

    /** A client retries within seconds or minutes; the table must not grow with every booking ever made. */
    @Bean
    ExpiringRows idempotencyKeys(IdempotencyKeyRepository keys,
            @Value("${healthcheck.reservation.idempotency.retention:PT24H}") Duration retention) {
        return new ExpiringRows("Idempotency-Keys", retention, keys::deleteCreatedBefore);
    }

    /**
     * An attempt that ended without a booking is kept while its ReservationFailed event (which gives its places
     * back) can still be redelivered and while a client may retry it under the same id: then it goes.
     */
    @Bean
    ExpiringRows failedAttempts(ReservationRepository reservations,
            @Value("${healthcheck.retention.period:P14D}") Duration retention) {
        return new ExpiringRows("failed booking attempts", retention, reservations::deleteFailedAttemptedBefore);
    }
}
