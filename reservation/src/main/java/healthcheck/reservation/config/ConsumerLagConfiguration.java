package healthcheck.reservation.config;

import healthcheck.reservation.messaging.ConsumerLag;
import java.time.Duration;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Reservation watches the consumers of its events, so bookings can wait for them (web.BookingAdmission). */
@Configuration(proxyBeanMethods = false)
class ConsumerLagConfiguration {

    @Bean
    @ConditionalOnProperty(name = "healthcheck.reservation.admission.follow-consumers", havingValue = "true",
            matchIfMissing = true)
    ConsumerLag consumerLag(@Value("${spring.cloud.stream.kafka.binder.brokers:127.0.0.1:9092}") String brokers,
            @Value("${healthcheck.reservation.admission.consumer-groups:delivery,customercenter}") List<String> groups,
            @Value("${healthcheck.reservation.admission.consumer-lag-interval:1s}") Duration interval,
            ApplicationEventPublisher events) {
        return new ConsumerLag(brokers, groups, interval, events);
    }
}
