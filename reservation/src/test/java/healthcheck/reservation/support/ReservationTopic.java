package healthcheck.reservation.support;

import static org.awaitility.Awaitility.await;

import healthcheck.events.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads healthcheck.reservation from the start, as a fresh consumer group, collecting what it sees. */
public final class ReservationTopic implements AutoCloseable {

    public record Event(String key, String type, String payload) {
    }

    private final KafkaConsumer<String, String> consumer;
    private final List<Event> seen = new CopyOnWriteArrayList<>();

    public ReservationTopic(String brokers) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class));
        consumer.subscribe(List.of(Topics.RESERVATION));
    }

    public List<Event> eventsFor(long reservationId) {
        poll();
        String key = Long.toString(reservationId);
        return seen.stream().filter(e -> key.equals(e.key())).toList();
    }

    /** Waits (with a deadline) until the reservation's events include {@code type}, and returns them all. */
    public List<Event> awaitEvent(long reservationId, String type) {
        return awaitEvent(reservationId, type, Duration.ofSeconds(30));
    }

    public List<Event> awaitEvent(long reservationId, String type, Duration deadline) {
        return await().atMost(deadline).pollInterval(Duration.ofMillis(100))
                .until(() -> eventsFor(reservationId), events -> events.stream().anyMatch(e -> type.equals(e.type())));
    }

    private synchronized void poll() {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
            Header type = record.headers().lastHeader(Topics.EVENT_TYPE_HEADER);
            seen.add(new Event(record.key(), type == null ? null : new String(type.value(), StandardCharsets.UTF_8),
                    record.value()));
        }
    }

    @Override
    public void close() {
        consumer.close();
    }
}
