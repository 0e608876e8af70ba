package healthcheck.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import healthcheck.events.IntegrationEvent;
import healthcheck.events.ReservationPlaced;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.slf4j.LoggerFactory;
import org.springframework.messaging.MessageHandlingException;

@ExtendWith(OutputCaptureExtension.class)
class RelayFailureLogTest {

    private static final Duration INTERVAL = Duration.ofSeconds(30);

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final RelayFailureLog failureLog = new RelayFailureLog(INTERVAL, now::get);

    private final Logger relayLogger = (Logger) LoggerFactory.getLogger(KafkaEventRelay.class);
    private final Level levelBefore = relayLogger.getLevel();

    @BeforeEach
    void logAsTheServicesDo() {
        // the level the services run with, whatever an earlier test in this JVM left the logging system at
        relayLogger.setLevel(Level.INFO);
    }

    @AfterEach
    void restoreLevel() {
        relayLogger.setLevel(levelBefore);
    }

    private static Method relay() throws NoSuchMethodException {
        return KafkaEventRelay.class.getMethod("relay", IntegrationEvent.class);
    }

    private static RuntimeException kafkaTimeout() {
        return new MessageHandlingException(null, "error occurred in message handler",
                new TimeoutException("Topic reservation not present in metadata after 3000 ms."));
    }

    private void fail(long reservationId) throws NoSuchMethodException {
        failureLog.handleUncaughtException(kafkaTimeout(), relay(),
                ReservationPlaced.of(reservationId, 7, 1, null, "hold-" + reservationId));
    }

    @Test
    void aFailedSendIsOneWarningNamingTheEventAndTheCauseWithoutAStackTrace(CapturedOutput output)
            throws NoSuchMethodException {
        fail(41);

        assertThat(output.getAll().lines().filter(line -> line.contains("WARN")))
                .singleElement().satisfies(line -> assertThat(line)
                        .contains("ReservationPlaced", "(key 41)",
                                "TimeoutException: Topic reservation not present in metadata after 3000 ms.",
                                "stays in the outbox and is sent again")
                        .doesNotContain("more sends failed"));
        assertThat(output.getAll()).doesNotContain("ERROR", "\tat ", "MessageHandlingException");
    }

    @Test
    void failuresWithinTheIntervalAreCountedInTheNextWarningInsteadOfLoggedEach(CapturedOutput output)
            throws NoSuchMethodException {
        fail(1);
        for (long id = 2; id <= 100; id++) {
            now.addAndGet(Duration.ofMillis(200).toNanos());
            fail(id);
        }
        assertThat(warnings(output)).isEqualTo(1);

        now.addAndGet(INTERVAL.toNanos());
        fail(101);

        assertThat(warnings(output)).isEqualTo(2);
        assertThat(output.getAll()).contains("(key 101)").contains("99 more sends failed since the last such warning");

        now.addAndGet(INTERVAL.toNanos());
        fail(102);
        assertThat(output.getAll().lines().filter(line -> line.contains("(key 102)")))
                .singleElement().satisfies(line -> assertThat(line).doesNotContain("more sends failed"));
    }

    @Test
    void eachFailureKeepsItsStackTraceAtDebug(CapturedOutput output) throws NoSuchMethodException {
        relayLogger.setLevel(Level.DEBUG);
        fail(1);
        fail(2);

        assertThat(output.getAll().lines().filter(line -> line.contains("was not sent to Kafka")
                && !line.contains("WARN"))).hasSize(2);
        assertThat(output.getAll()).contains("MessageHandlingException", "\tat ");
    }

    @Test
    void anotherAsyncMethodsFailureIsStillAnErrorWithItsStackTrace(CapturedOutput output)
            throws NoSuchMethodException {
        failureLog.handleUncaughtException(new IllegalStateException("a bug"), Object.class.getMethod("toString"));

        assertThat(output.getAll()).contains("ERROR", "java.lang.IllegalStateException: a bug", "\tat ");
        assertThat(output.getAll()).doesNotContain("stays in the outbox");
    }

    private static long warnings(CapturedOutput output) {
        return output.getAll().lines().filter(line -> line.contains("WARN")).count();
    }
}
