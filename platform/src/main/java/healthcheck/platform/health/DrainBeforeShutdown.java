package healthcheck.platform.health;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;

/**
 * On a graceful stop, first says "not ready" (readiness REFUSING_TRAFFIC) and goes on serving for
 * {@code healthcheck.shutdown.drain} while the balancers' readiness checks notice; only then does the web server
 * stop taking connections and finish the requests in flight. Without the pause, a request sent between the port
 * closing and the balancer's next check is refused, and a booking without an Idempotency-Key cannot safely be
 * repeated on another instance: its customer gets a 503.
 * <p>
 * Written here because Spring Boot's graceful shutdown has no such pause: it closes the port first. Kubernetes
 * gets the same pause from the pod's preStop hook (drain 0 there); the local stack with several instances and
 * docker compose have nothing in front of the JVM that could pause it.
 * <p>
 * It stops first of all lifecycles (the highest phase), before the web server's graceful shutdown and the Kafka
 * bindings.
 */
public final class DrainBeforeShutdown implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DrainBeforeShutdown.class);

    private final ApplicationEventPublisher events;
    private final Duration drain;
    private volatile boolean running;

    public DrainBeforeShutdown(ApplicationEventPublisher events, Duration drain) {
        this.events = events;
        this.drain = drain;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        if (drain.isZero() || drain.isNegative()) {
            return;
        }
        AvailabilityChangeEvent.publish(events, this, ReadinessState.REFUSING_TRAFFIC);
        log.info("Readiness down; serving {} ms more while the balancers take this instance out", drain.toMillis());
        try {
            Thread.sleep(drain);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }
}
