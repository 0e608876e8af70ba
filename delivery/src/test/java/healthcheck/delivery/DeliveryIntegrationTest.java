package healthcheck.delivery;

import healthcheck.events.Topics;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.ActiveProfiles;

/**
 * The whole service on an in-memory HSQLDB and an embedded broker. One annotation for every such test class, so
 * they share one cached context (and one broker) instead of starting their own.
 * spring-kafka-test 4 dropped the {@code kraft} attribute: its embedded broker is always KRaft.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("test")
@EmbeddedKafka(partitions = 3, topics = {Topics.RESERVATION, Topics.DELIVERY, DeliveryIntegrationTest.DLQ})
public @interface DeliveryIntegrationTest {

    String DLQ = "healthcheck.reservation.delivery.dlq";
}
