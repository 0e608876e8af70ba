package healthcheck.reservation.schedule;

import org.springframework.cloud.openfeign.CircuitBreakerNameResolver;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Names each Feign client's circuit breaker after the client ("schedule") instead of the default
 * per-method id, so the resilience4j.*.instances.schedule settings apply and the name is stable.
 */
@Configuration(proxyBeanMethods = false)
class ScheduleCircuitBreakerNaming {

    @Bean
    CircuitBreakerNameResolver circuitBreakerNameResolver() {
        return (feignClientName, target, method) -> feignClientName;
    }
}
