package healthcheck.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.core.log.LogMessage;

/**
 * How Spring's own logs reach SLF4J. Spring logs through Commons Logging, whose SLF4J adapter (1.3.6, Spring Boot
 * 4.0.7's) renders a message before asking whether its level is on (spring-framework#37266), and Spring Security
 * logs a {@code LogMessage.format(...)} at debug on every request. SLF4J's {@code jcl-over-slf4j} registers a
 * factory that asks first, which Commons Logging's discovery prefers; a module's classpath decides which one wins,
 * so each module checks its own.
 */
public final class Logging {

    private Logging() {
    }

    /** Fails when a debug message logged through Commons Logging is rendered although debug is off. */
    public static void assertDebugMessagesAreNotRenderedWhileDebugIsOff() {
        Log log = LogFactory.getLog(Logging.class);
        AtomicInteger renderings = new AtomicInteger();

        log.debug(LogMessage.of(() -> "rendered " + renderings.incrementAndGet()));

        assertThat(log.isDebugEnabled()).as("debug is on for %s", Logging.class.getName()).isFalse();
        assertThat(renderings).as("renderings of a debug message while debug is off (factory %s)",
                LogFactory.getFactory().getClass().getName()).hasValue(0);
    }
}
