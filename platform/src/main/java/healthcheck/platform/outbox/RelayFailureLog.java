package healthcheck.platform.outbox;

import healthcheck.events.IntegrationEvent;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.interceptor.AsyncUncaughtExceptionHandler;
import org.springframework.aop.interceptor.SimpleAsyncUncaughtExceptionHandler;
import org.springframework.core.NestedExceptionUtils;

/**
 * What a failed send of {@link KafkaEventRelay} leaves in the log: a warning that names the event and the cause, and
 * while Kafka stays away, at most one line per {@code interval} counting the others. The relay has to throw, so that
 * Spring Modulith keeps the publication incomplete, and left to Spring's default every such throw was an ERROR with a
 * full stack trace from the async executor: during a Kafka outage, one for each event and each resend of it, up to a
 * hundred a second, which buried everything else in the log for a failure that loses nothing. Each failure's stack
 * trace is still there at DEBUG. Failures of any other async method keep Spring's default, an ERROR with its trace.
 * <p>
 * Written here because neither Logback nor SLF4J rate-limits a logger; this is a counter and a deadline.
 */
public class RelayFailureLog implements AsyncUncaughtExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(KafkaEventRelay.class);

    private final AsyncUncaughtExceptionHandler otherMethods = new SimpleAsyncUncaughtExceptionHandler();
    private final Duration interval;
    private final LongSupplier nanoTime;
    private final ReentrantLock lock = new ReentrantLock();
    /** The first failure is warned about at once. */
    private long nextWarningAt;
    private long unreported;

    public RelayFailureLog(Duration interval) {
        this(interval, System::nanoTime);
    }

    RelayFailureLog(Duration interval, LongSupplier nanoTime) {
        this.interval = interval;
        this.nanoTime = nanoTime;
        this.nextWarningAt = nanoTime.getAsLong();
    }

    @Override
    public void handleUncaughtException(Throwable failure, Method method, Object... params) {
        if (!KafkaEventRelay.class.isAssignableFrom(method.getDeclaringClass())) {
            otherMethods.handleUncaughtException(failure, method, params);
            return;
        }
        String event = params.length == 1 && params[0] instanceof IntegrationEvent sent
                ? sent.type() + " " + sent.eventId() + " (key " + sent.key() + ")" : "An event";
        log.debug("{} was not sent to Kafka", event, failure);
        long othersSinceLastWarning;
        lock.lock();
        try {
            long now = nanoTime.getAsLong();
            if (now - nextWarningAt < 0) {
                unreported++;
                return;
            }
            nextWarningAt = now + interval.toNanos();
            othersSinceLastWarning = unreported;
            unreported = 0;
        } finally {
            lock.unlock();
        }
        Throwable cause = NestedExceptionUtils.getMostSpecificCause(failure);
        log.warn("{} was not sent to Kafka ({}: {}); it stays in the outbox and is sent again{}", event,
                cause.getClass().getSimpleName(), cause.getMessage(), othersSinceLastWarning == 0 ? ""
                        : ". " + othersSinceLastWarning + " more sends failed since the last such warning");
    }
}
