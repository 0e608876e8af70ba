package healthcheck.schedule;

import java.util.concurrent.atomic.AtomicLong;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.ActiveProfiles;

/**
 * The whole service on an in-memory H2 and an embedded KRaft broker. Every subclass declares the same
 * annotations, so they share one cached context; tests stay independent by using fresh schedule ids.
 */
@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("test")
// spring-kafka-test 4 dropped the kraft attribute: KRaft is the only mode its embedded broker runs
@EmbeddedKafka(partitions = 1)
public abstract class IntegrationTest {

    private static final AtomicLong IDS = new AtomicLong(System.nanoTime() % 1_000_000_000L);

    protected static long freshId() {
        return IDS.incrementAndGet();
    }
}
