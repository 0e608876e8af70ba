package healthcheck.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Issue 8's second promise, on the running stack: a message no consumer can handle (an event type from a newer
 * producer) is parked at once by every service that consumes its topic, with its reason; /system/status counts it;
 * {@code bin/stack dlq} lists it and {@code bin/stack dlq replay} sends it back to where it came from, once.
 */
@Order(9)
class DeadLetterIT {

    private static final String RESERVATION_TOPIC = "healthcheck.reservation";
    private static final String DELIVERY_DLQ = "healthcheck.reservation.delivery.dlq";

    @Test
    void anEventNoConsumerKnowsIsParkedByEachCountedListedAndReplayedOnce() throws Exception {
        long before = deadLetters();
        String key = "dlq-drill-" + UUID.randomUUID();

        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Stack.kafka(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            ProducerRecord<byte[], byte[]> unknown = new ProducerRecord<>(RESERVATION_TOPIC,
                    key.getBytes(StandardCharsets.UTF_8), "{\"reservationId\":1}".getBytes(StandardCharsets.UTF_8));
            unknown.headers().add("eventType", "ReservationTeleported".getBytes(StandardCharsets.UTF_8));
            producer.send(unknown).get();
        }

        // schedule, delivery and customercenter all consume the topic, and each parks it on its own DLQ
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> assertThat(deadLetters()).isGreaterThanOrEqualTo(before + 3));
        String listed = Stack.run("dlq");
        assertThat(listed.lines().filter(line -> line.contains("key=" + key)))
                .as("listed once per consuming service:%n%s", listed).hasSize(3)
                .allMatch(line -> line.contains("POISON") && line.contains("unknown event type ReservationTeleported"));

        String replayed = Stack.run("dlq", "replay", DELIVERY_DLQ);
        assertThat(replayed).contains("replayed to " + RESERVATION_TOPIC);
        // replayed once: the original is no longer waiting; delivery parks the replayed copy again, as a new letter
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
                assertThat(Stack.run("dlq", "list", DELIVERY_DLQ).lines()
                        .filter(line -> line.contains("key=" + key))).hasSize(1));
    }

    private static long deadLetters() {
        return Api.get("/system/status").body().path("deadLetters").asLong(0);
    }
}
