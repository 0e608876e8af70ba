package healthcheck.schedule.config;

import healthcheck.platform.housekeeping.ExpiringRows;
import healthcheck.schedule.domain.HoldRepository;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A released hold, or the tombstone a release leaves when it overtook its take, matters only while a late take or
 * a redelivered release of the same hold can still arrive: seconds for a call, at most Kafka's retention (7 days)
 * for an event. Kept for {@code healthcheck.retention.period} (14 days), then deleted by platform's Housekeeping.
 */
@Configuration(proxyBeanMethods = false)
class RetentionConfiguration {

    @Bean
    ExpiringRows releasedHolds(HoldRepository holds, @Value("${healthcheck.retention.period:P14D}") Duration retention) {
        return new ExpiringRows("released holds and tombstones", retention, holds::deleteReleasedBefore);
    }
}
