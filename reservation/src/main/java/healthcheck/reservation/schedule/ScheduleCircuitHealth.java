package healthcheck.reservation.schedule;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The circuit to schedule, shown in {@code /actuator/health} as {@code scheduleCircuit}: its state and the rates it
 * judges by. Always UP: an open circuit is reservation working as designed (refusing fast), so it belongs in neither
 * the liveness nor the readiness group, and operators and drills read the state from the details.
 */
@Component("scheduleCircuit")
class ScheduleCircuitHealth implements HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(ScheduleCircuitHealth.class);

    private static final Duration LATE_ANSWER = Duration.ofSeconds(1);

    private final CircuitBreakerRegistry circuitBreakers;

    ScheduleCircuitHealth(CircuitBreakerRegistry circuitBreakers) {
        this.circuitBreakers = circuitBreakers;
        // every change of state is worth a line in the log: it is what an operator asks first after a burst of 503s
        circuitBreakers.circuitBreaker(ScheduleClient.NAME).getEventPublisher()
                .onStateTransition(event -> log.warn("Circuit to schedule {}", event.getStateTransition()))
                .onError(event -> log.info("Call to schedule failed after {} ms: {}",
                        event.getElapsedDuration().toMillis(), event.getThrowable().toString()))
                // an answer this late came after asking again (HoldRetryer): how close a booking came to its deadline
                .onSuccess(event -> {
                    if (event.getElapsedDuration().compareTo(LATE_ANSWER) > 0) {
                        log.info("Call to schedule answered after {} ms", event.getElapsedDuration().toMillis());
                    }
                });
    }

    @Override
    public Health health() {
        CircuitBreaker circuit = circuitBreakers.circuitBreaker(ScheduleClient.NAME);
        CircuitBreaker.Metrics metrics = circuit.getMetrics();
        return Health.up()
                .withDetail("state", circuit.getState().name())
                .withDetail("failureRate", metrics.getFailureRate())
                .withDetail("slowCallRate", metrics.getSlowCallRate())
                .withDetail("bufferedCalls", metrics.getNumberOfBufferedCalls())
                .withDetail("notPermittedCalls", metrics.getNumberOfNotPermittedCalls())
                .build();
    }
}
