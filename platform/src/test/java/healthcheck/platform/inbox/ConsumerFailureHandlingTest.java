package healthcheck.platform.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.messaging.Message;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * A consumer binding as every service has one, on the embedded broker: a transient failure is retried until it
 * passes (more often than any fixed count), a poison message is dead-lettered at once with its reason, anything
 * else after three attempts.
 */
@SpringBootTest(classes = ConsumerFailureHandlingTest.App.class, properties = {
        "spring.cloud.function.definition=events",
        "spring.cloud.stream.bindings.events-in-0.destination=" + ConsumerFailureHandlingTest.TOPIC,
        "spring.cloud.stream.bindings.events-in-0.group=test",
        "spring.cloud.stream.kafka.bindings.events-in-0.consumer.enable-dlq=true",
        "spring.cloud.stream.kafka.bindings.events-in-0.consumer.dlq-name=" + ConsumerFailureHandlingTest.DLQ,
        "spring.cloud.stream.default.content-type=application/octet-stream",
        "healthcheck.consumer.max-pause=PT0.4S",
        "healthcheck.dead-letters.refresh=PT0.2S"})
@EmbeddedKafka(partitions = 1, topics = {ConsumerFailureHandlingTest.TOPIC, ConsumerFailureHandlingTest.DLQ})
class ConsumerFailureHandlingTest {

    static final String TOPIC = "consumer-failures";
    static final String DLQ = "consumer-failures.test.dlq";

    /** Per message id: how often the handler saw it, and whether it went through. */
    static final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    static final Map<String, Boolean> handled = new ConcurrentHashMap<>();

    @SpringBootApplication
    static class App {
        /** "transient:N:id" fails N times as a database outage would; "poison:id" and "bug:id" always fail. */
        @Bean
        Consumer<Message<byte[]>> events() {
            return message -> {
                String[] parts = new String(message.getPayload(), StandardCharsets.UTF_8).split(":");
                String id = parts[parts.length - 1];
                int attempt = attempts.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                switch (parts[0]) {
                    case "transient" -> {
                        if (attempt <= Integer.parseInt(parts[1])) {
                            throw new CannotCreateTransactionException("database unreachable");
                        }
                    }
                    case "poison" -> throw new PoisonMessageException("type Nonsense is unknown");
                    default -> throw new IllegalStateException("a bug");
                }
                handled.put(id, true);
            };
        }
    }

    @Autowired
    EmbeddedKafkaBroker broker;

    private KafkaTemplate<String, String> producer;
    private org.apache.kafka.clients.consumer.Consumer<String, String> deadLetters;
    private final List<ConsumerRecord<String, String>> parked = new ArrayList<>();

    @BeforeEach
    void connect() {
        producer = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(KafkaTestUtils.producerProps(broker),
                new StringSerializer(), new StringSerializer()));
        Map<String, Object> props = KafkaTestUtils.consumerProps(broker, "dlq-reader-" + System.nanoTime(), false);
        props.put("auto.offset.reset", "earliest");
        deadLetters = new DefaultKafkaConsumerFactory<>(props, new StringDeserializer(), new StringDeserializer())
                .createConsumer();
        broker.consumeFromAnEmbeddedTopic(deadLetters, DLQ);
    }

    @AfterEach
    void close() {
        deadLetters.close();
        producer.destroy();
    }

    @Test
    void aTransientFailureIsRetriedUntilItPassesAndNeverDeadLettered() {
        producer.send(TOPIC, "t1", "transient:8:t1");

        await().atMost(Duration.ofSeconds(30)).until(() -> handled.containsKey("t1"));
        assertThat(attempts.get("t1").get()).as("eight failures, then the ninth attempt").isEqualTo(9);
        assertThat(parkedWithKey("t1", Duration.ofSeconds(1))).isEmpty();
    }

    @Test
    void aPoisonMessageIsDeadLetteredAtOnceWithItsReason() {
        producer.send(TOPIC, "p1", "poison:p1");

        await().atMost(Duration.ofSeconds(30)).until(() -> !parkedWithKey("p1", Duration.ofMillis(200)).isEmpty());
        ConsumerRecord<String, String> letter = parkedWithKey("p1", Duration.ZERO).getFirst();
        assertThat(letter.value()).isEqualTo("poison:p1");
        assertThat(header(letter, ConsumerFailureHandling.REASON_HEADER)).contains("type Nonsense is unknown");
        assertThat(header(letter, ConsumerFailureHandling.KIND_HEADER)).isEqualTo("POISON");
        assertThat(attempts.get("p1").get()).as("one attempt").isEqualTo(1);
    }

    @Test
    void anyOtherFailureIsDeadLetteredAfterThreeAttempts() {
        producer.send(TOPIC, "b1", "bug:b1");

        await().atMost(Duration.ofSeconds(30)).until(() -> !parkedWithKey("b1", Duration.ofMillis(200)).isEmpty());
        assertThat(attempts.get("b1").get()).isEqualTo(3);
        assertThat(header(parkedWithKey("b1", Duration.ZERO).getFirst(), ConsumerFailureHandling.REASON_HEADER))
                .isEqualTo("java.lang.IllegalStateException: a bug");
    }

    @Autowired
    DeadLetterCount deadLetterCount;

    @Test
    void theServicesHealthCountsTheDeadLettersWaitingOnItsTopics() {
        producer.send(TOPIC, "p2", "poison:p2");
        await().atMost(Duration.ofSeconds(30)).until(() -> !parkedWithKey("p2", Duration.ofMillis(200)).isEmpty());

        long parkedNow = parked.stream().map(ConsumerRecord::offset).distinct().count();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            var health = deadLetterCount.health();
            assertThat(health.getStatus().getCode()).isEqualTo("UP");
            assertThat((Long) health.getDetails().get("count")).isGreaterThanOrEqualTo(parkedNow);
            Map<?, ?> topics = (Map<?, ?>) health.getDetails().get("topics");
            assertThat(String.valueOf(topics.keySet())).isEqualTo("[" + DLQ + "]");
        });
    }

    private List<ConsumerRecord<String, String>> parkedWithKey(String key, Duration wait) {
        if (!wait.isZero()) {
            KafkaTestUtils.getRecords(deadLetters, wait).forEach(parked::add);
        }
        return parked.stream().filter(r -> key.equals(r.key())).toList();
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }
}
