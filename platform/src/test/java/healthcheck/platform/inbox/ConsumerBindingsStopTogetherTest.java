package healthcheck.platform.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cloud.stream.binding.InputBindingLifecycle;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.messaging.Message;

/**
 * A service's consumer bindings stop side by side on a graceful stop, not one after another: two bindings, each in
 * the middle of an event when the service stops, are both asked to stop before either has finished.
 */
@EmbeddedKafka(partitions = 1,
        topics = {ConsumerBindingsStopTogetherTest.FIRST, ConsumerBindingsStopTogetherTest.SECOND})
class ConsumerBindingsStopTogetherTest {

    static final String FIRST = "stop-together-first";
    static final String SECOND = "stop-together-second";

    static final CountDownLatch bothHandling = new CountDownLatch(2);
    static final CountDownLatch finish = new CountDownLatch(1);

    /** No component scan: the package holds other tests' applications. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
        @Bean
        Consumer<Message<byte[]>> first() {
            return message -> handleUntilTold();
        }

        @Bean
        Consumer<Message<byte[]>> second() {
            return message -> handleUntilTold();
        }

        private static void handleUntilTold() {
            bothHandling.countDown();
            try {
                finish.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void twoBindingsBusyWithAnEventAreBothAskedToStopBeforeEitherHasFinished(EmbeddedKafkaBroker broker)
            throws Exception {
        // not a @SpringBootTest: the test closes the context, which the test framework's cache would then restart;
        // a group per binding, since in a shared one the second consumer's join waits for the first, busy, to rejoin
        ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
                .web(WebApplicationType.NONE)
                .properties(
                        "spring.cloud.stream.kafka.binder.brokers=" + broker.getBrokersAsString(),
                        "spring.cloud.function.definition=first;second",
                        "spring.cloud.stream.bindings.first-in-0.destination=" + FIRST,
                        "spring.cloud.stream.bindings.first-in-0.group=first",
                        "spring.cloud.stream.bindings.second-in-0.destination=" + SECOND,
                        "spring.cloud.stream.bindings.second-in-0.group=second",
                        "spring.cloud.stream.default.content-type=application/octet-stream",
                        "healthcheck.dead-letters.count=false")
                .run();
        try {
            ConsumersStopTogether stops = context.getBean(ConsumersStopTogether.class);
            assertThat(stops.getPhase()).as("stops the containers before the bindings would, one by one")
                    .isGreaterThan(context.getBean(InputBindingLifecycle.class).getPhase());
            List<MessageListenerContainer> containers = stops.containers();
            assertThat(containers).as("every binding's container").hasSize(2);
            KafkaTemplate<String, String> producer = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(
                    KafkaTestUtils.producerProps(broker), new StringSerializer(), new StringSerializer()));
            producer.send(FIRST, "a", "an event");
            producer.send(SECOND, "b", "an event");
            producer.destroy();
            assertThat(bothHandling.await(30, TimeUnit.SECONDS)).as("both handlers busy").isTrue();

            Thread stopping = Thread.ofPlatform().start(context::close);
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(containers)
                    .as("both asked to stop while both are still handling their event")
                    .noneMatch(MessageListenerContainer::isRunning));
            assertThat(stopping.isAlive()).as("the stop waits for the events in hand").isTrue();
            finish.countDown();
            stopping.join(Duration.ofSeconds(30));
            assertThat(stopping.isAlive()).as("stopped once the events were handled").isFalse();
        } finally {
            finish.countDown();
            context.close();
        }
    }
}
