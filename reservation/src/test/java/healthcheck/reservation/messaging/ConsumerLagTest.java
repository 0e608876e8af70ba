package healthcheck.reservation.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The lag reservation holds bookings back for, measured on the embedded broker the way it is on a stack: what a live
 * group has not committed yet, and how long the oldest of them has waited; nothing for a group nobody consumes in;
 * unknown once Kafka cannot be asked.
 */
class ConsumerLagTest {

    private static final String TOPIC = "healthcheck.reservation";

    private EmbeddedKafkaKraftBroker kafka;
    private final Deque<ConsumerLagMeasured> published = new ConcurrentLinkedDeque<>();
    private ConsumerLag lag;

    @BeforeEach
    void startKafka() {
        kafka = new EmbeddedKafkaKraftBroker(1, 1, TOPIC);
        kafka.afterPropertiesSet();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBrokersAsString(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            for (int i = 0; i < 50; i++) {
                producer.send(new ProducerRecord<>(TOPIC, "reservation-" + i, "event " + i));
            }
        }
    }

    @AfterEach
    void stopAll() {
        if (lag != null) {
            lag.stop();
        }
        kafka.destroy();
    }

    @Test
    void aLiveGroupsUncommittedEventsCountAndAStoppedOrAbsentGroupCountsForNothing() {
        // delivery worked through 5 and stopped: its group is empty, so its 45 do not count (nothing the booking
        // path leaves it would help a consumer that is not running)
        try (KafkaConsumer<String, String> stopped = consumer("delivery")) {
            commit(stopped, 5);
        }
        try (KafkaConsumer<String, String> customercenter = consumer("customercenter")) {
            commit(customercenter, 10);
            watch("delivery", "customercenter", "nobody");

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(lastMeasured()).as("customercenter is 40 behind").isEqualTo(40));
        }
    }

    @Test
    void theOldestEventAGroupHasNotWorkedThroughWaitsLongerEachPollUntilTheGroupCommitsIt() {
        try (KafkaConsumer<String, String> customercenter = consumer("customercenter")) {
            commit(customercenter, 10);
            watch("customercenter");

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(published.peekLast())
                    .as("the 40 written before the first poll have waited at least since it")
                    .isNotNull()
                    .satisfies(last -> assertThat(last.worst()).isEqualTo(40))
                    .satisfies(last -> assertThat(last.oldest()).isGreaterThan(Duration.ofSeconds(1))));

            commit(customercenter, 50);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(published.peekLast())
                    .isEqualTo(new ConsumerLagMeasured(0, Duration.ZERO)));
        }
    }

    @Test
    void whileKafkaCannotBeAskedTheLagIsUnknown() {
        try (KafkaConsumer<String, String> customercenter = consumer("customercenter")) {
            commit(customercenter, 0);
            watch("customercenter");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(lastMeasured()).isEqualTo(50));

            kafka.destroy();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(published.peekLast())
                    .isEqualTo(ConsumerLagMeasured.unknown()));
        }
    }

    /** Starts measuring the groups' lag five times a second, as reservation does once a second. */
    private void watch(String... groups) {
        lag = new ConsumerLag(kafka.getBrokersAsString(), List.of(groups), Duration.ofMillis(200),
                event -> published.add((ConsumerLagMeasured) event));
        lag.start();
    }

    /** What the lag's listeners (BookingAdmission) were told last; null before the first poll. */
    private Long lastMeasured() {
        ConsumerLagMeasured last = published.peekLast();
        return last == null ? null : last.worst();
    }

    /** A member of the group, holding its partition, as a running service's consumer does. */
    private KafkaConsumer<String, String> consumer(String group) {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBrokersAsString(),
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class));
        consumer.subscribe(List.of(TOPIC));
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            consumer.poll(Duration.ofMillis(100));
            return !consumer.assignment().isEmpty();
        });
        return consumer;
    }

    private static void commit(KafkaConsumer<String, String> consumer, long offset) {
        TopicPartition partition = consumer.assignment().iterator().next();
        consumer.commitSync(Map.of(partition, new OffsetAndMetadata(offset)));
    }
}
