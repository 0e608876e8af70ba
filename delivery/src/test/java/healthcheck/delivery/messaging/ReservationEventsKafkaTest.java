package healthcheck.delivery.messaging;

import static healthcheck.testsupport.TestTokens.bearer;
import healthcheck.testsupport.TestTokens;
import static healthcheck.events.DeliveryStatus.CANCELLED;
import static healthcheck.events.DeliveryStatus.DELIVERED;
import static healthcheck.events.DeliveryStatus.REQUESTED;
import static healthcheck.events.DeliveryStatus.SHIPPED;
import static healthcheck.events.DeliveryStatus.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import healthcheck.delivery.DeliveryIntegrationTest;
import healthcheck.delivery.domain.Deliveries;
import healthcheck.delivery.domain.DeliverySnapshot;
import healthcheck.events.DeliveryStatus;
import healthcheck.events.DeliveryStatusChanged;
import healthcheck.events.IntegrationEvent;
import healthcheck.events.ReservationCancelled;
import healthcheck.events.ReservationFailed;
import healthcheck.events.ReservationPlaced;
import healthcheck.events.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cloud.stream.binder.kafka.KafkaBinderMetrics;
import org.springframework.data.domain.PageRequest;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.json.JsonMapper;

/**
 * The reservation event handlers against a real (embedded) broker, through the real binder, database and outbox.
 * Every test uses its own reservation ids, so tests sharing the broker and database never see each other's data.
 */
@DeliveryIntegrationTest
class ReservationEventsKafkaTest {

    private static final String DLQ = DeliveryIntegrationTest.DLQ;
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final AtomicLong IDS = new AtomicLong(ThreadLocalRandom.current().nextLong(1, 1_000_000) * 1000);

    private static KafkaProducer<byte[], byte[]> producer;
    private static TopicRecorder deliveryTopic;
    private static TopicRecorder deadLetters;

    @Autowired
    EmbeddedKafkaBroker broker;
    @Autowired
    JsonMapper jsonMapper;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    Deliveries deliveries;
    @Autowired
    MockMvc mvc;
    @Autowired
    MeterRegistry meters;

    @BeforeEach
    void connect() {
        if (producer == null) {
            producer = new KafkaProducer<>(KafkaTestUtils.producerProps(broker), new ByteArraySerializer(),
                    new ByteArraySerializer());
            deliveryTopic = new TopicRecorder(broker, Topics.DELIVERY);
            deadLetters = new TopicRecorder(broker, DLQ);
        }
    }

    @AfterAll
    static void disconnect() throws InterruptedException {
        if (producer != null) {
            producer.close();
            deliveryTopic.close();
            deadLetters.close();
            producer = null;
        }
    }

    // ---- what a reader of healthcheck.delivery sees

    @Test
    void theBinderKeepsNoLagGaugeSoItRunsNoConsumerOfItsOwnPollingKafkaEveryMinute() {
        // the consumer binding exists (the other tests consume through it), yet no gauge was registered for it
        assertThat(meters.find(KafkaBinderMetrics.OFFSET_LAG_METRIC_NAME).meters()).isEmpty();
    }

    @Test
    void placedCreatesOneMailingAndPublishesRequestedWithSequenceOneKeyedByReservation() {
        long reservationId = IDS.incrementAndGet();

        send(placed(reservationId));

        DeliverySnapshot delivery = awaitDeliveryOf(reservationId);
        assertThat(delivery.status()).isEqualTo(REQUESTED);
        assertThat(delivery.history()).singleElement().satisfies(step -> {
            assertThat(step.sequence()).isEqualTo(1);
            assertThat(step.status()).isEqualTo(REQUESTED);
        });
        List<ConsumerRecord<byte[], byte[]>> records = awaitEvents(reservationId, 1);
        ConsumerRecord<byte[], byte[]> record = records.getFirst();
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(Long.toString(reservationId));
        assertThat(TopicRecorder.header(record, Topics.EVENT_TYPE_HEADER)).isEqualTo(DeliveryStatusChanged.TYPE);
        DeliveryStatusChanged event = jsonMapper.readValue(record.value(), DeliveryStatusChanged.class);
        assertThat(event.deliveryId()).isEqualTo(delivery.deliveryId());
        assertThat(event.reservationId()).isEqualTo(reservationId);
        assertThat(event.status()).isEqualTo(REQUESTED);
        assertThat(event.sequence()).isEqualTo(1);
        assertThat(event.occurredAt()).isEqualTo(delivery.createdAt());
        awaitOutboxDrained();
    }

    @Test
    void redeliveredPlacedCreatesNothingMoreAndPublishesNothingMore() {
        long reservationId = IDS.incrementAndGet();
        ReservationPlaced placed = placed(reservationId);

        sendTo(0, placed);
        awaitEvents(reservationId, 1);
        sendTo(0, placed);
        processedInOrderAfter(0);

        assertThat(mailingsOf(reservationId)).singleElement()
                .satisfies(d -> assertThat(d.history()).hasSize(1));
        assertThat(jdbc.queryForObject("select count(*) from delivery where reservation_id = ?", Integer.class,
                reservationId)).isEqualTo(1);
        assertThat(eventsOf(reservationId)).hasSize(1);
    }

    @Test
    void aSecondPlacedWithAnotherEventIdForTheSameReservationStartsNoSecondMailing() {
        long reservationId = IDS.incrementAndGet();

        sendTo(1, placed(reservationId));
        sendTo(1, placed(reservationId));
        processedInOrderAfter(1);

        assertThat(mailingsOf(reservationId)).singleElement()
                .satisfies(d -> assertThat(d.history()).hasSize(1));
        assertThat(eventsOf(reservationId)).hasSize(1);
    }

    @Test
    void failedBookingsAreSkippedWithoutATransactionAndUnknownEventTypesAreParkedAtOnce() {
        long reservationId = IDS.incrementAndGet();
        String key = Long.toString(reservationId);
        ProducerRecord<byte[], byte[]> unknown = new ProducerRecord<>(Topics.RESERVATION, 2,
                key.getBytes(StandardCharsets.UTF_8), "{\"whatever\":1}".getBytes(StandardCharsets.UTF_8));
        unknown.headers().add(Topics.EVENT_TYPE_HEADER, "ReservationRescheduled".getBytes(StandardCharsets.UTF_8));

        producer.send(unknown);
        ReservationFailed failed = ReservationFailed.of(reservationId, 1, 2, "hold-" + reservationId, "timeout");
        sendTo(2, failed);
        processedInOrderAfter(2);

        assertThat(mailingsOf(reservationId)).isEmpty();
        assertThat(eventsOf(reservationId)).isEmpty();
        // the unknown type went ahead of the failed booking on its partition: parked before that was handled
        await().atMost(DEADLINE).untilAsserted(() -> assertThat(deadLetters.withKey(key)).singleElement()
                .satisfies(parked -> assertThat(TopicRecorder.header(parked, "healthcheck-dead-letter-reason"))
                        .contains("unknown event type ReservationRescheduled")));
        // the failed booking was ignored without opening a transaction: not even the dedupe record was written
        assertThat(jdbc.queryForObject("select count(*) from processed_event where event_id = ?", Integer.class,
                failed.eventId().toString())).isZero();
    }

    @Test
    void cancelledCancelsTheMailingAndPublishesCancelledAsTheNextSequence() {
        long reservationId = IDS.incrementAndGet();

        send(placed(reservationId));
        awaitEvents(reservationId, 1);
        send(cancelled(reservationId));

        List<DeliveryStatusChanged> events = awaitEvents(reservationId, 2).stream().map(this::parse).toList();
        assertThat(events).extracting(DeliveryStatusChanged::status).containsExactly(REQUESTED, CANCELLED);
        assertThat(events).extracting(DeliveryStatusChanged::sequence).containsExactly(1, 2);
        DeliverySnapshot delivery = mailingsOf(reservationId).getFirst();
        assertThat(delivery.status()).isEqualTo(CANCELLED);
        assertThat(delivery.history()).extracting(DeliverySnapshot.Step::status).containsExactly(REQUESTED, CANCELLED);
    }

    @Test
    void cancelledAfterDeliveredChangesNothing() throws Exception {
        long reservationId = IDS.incrementAndGet();
        sendTo(1, placed(reservationId));
        long deliveryId = awaitDeliveryOf(reservationId).deliveryId();
        for (DeliveryStatus step : List.of(STARTED, SHIPPED, DELIVERED)) {
            operator(deliveryId, step);
        }
        awaitEvents(reservationId, 4);

        sendTo(1, cancelled(reservationId));
        processedInOrderAfter(1);

        DeliverySnapshot delivery = deliveries.get(deliveryId);
        assertThat(delivery.status()).isEqualTo(DELIVERED);
        assertThat(delivery.history()).hasSize(4);
        assertThat(eventsOf(reservationId)).hasSize(4);
    }

    @Test
    void cancelledBeforePlacedLeavesACancelledDeliverySoTheLatePlacedStartsNoMailing() {
        long reservationId = IDS.incrementAndGet();

        sendTo(2, cancelled(reservationId));
        sendTo(2, placed(reservationId));
        processedInOrderAfter(2);

        assertThat(mailingsOf(reservationId)).singleElement().satisfies(delivery -> {
            assertThat(delivery.status()).isEqualTo(CANCELLED);
            assertThat(delivery.history()).extracting(DeliverySnapshot.Step::status).containsExactly(CANCELLED);
        });
        List<DeliveryStatusChanged> events = awaitEvents(reservationId, 1).stream().map(this::parse).toList();
        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.status()).isEqualTo(CANCELLED);
            assertThat(event.sequence()).isEqualTo(1);
        });
        awaitOutboxDrained();
        assertThat(eventsOf(reservationId)).extracting(r -> parse(r).status()).doesNotContain(REQUESTED);
    }

    @Test
    void anUnparseableMessageLandsOnTheDeadLetterTopicAndThePartitionMovesOn() {
        long reservationId = IDS.incrementAndGet();
        String key = Long.toString(reservationId);
        ProducerRecord<byte[], byte[]> poison = new ProducerRecord<>(Topics.RESERVATION, 0,
                key.getBytes(StandardCharsets.UTF_8), "{\"reservationId\": oops".getBytes(StandardCharsets.UTF_8));
        poison.headers().add(Topics.EVENT_TYPE_HEADER, ReservationPlaced.TYPE.getBytes(StandardCharsets.UTF_8));

        producer.send(poison);

        await().atMost(DEADLINE).untilAsserted(() -> assertThat(deadLetters.withKey(key)).hasSize(1));
        ConsumerRecord<byte[], byte[]> parked = deadLetters.withKey(key).getFirst();
        assertThat(new String(parked.value(), StandardCharsets.UTF_8)).isEqualTo("{\"reservationId\": oops");
        assertThat(TopicRecorder.header(parked, Topics.EVENT_TYPE_HEADER)).isEqualTo(ReservationPlaced.TYPE);
        // the partition keeps flowing behind it
        processedInOrderAfter(0);
        assertThat(deadLetters.withKey(key)).hasSize(1);
        assertThat(mailingsOf(reservationId)).isEmpty();
    }

    @Test
    void operatorStepsPublishEventsWithIncreasingSequence() throws Exception {
        long reservationId = IDS.incrementAndGet();
        send(placed(reservationId));
        long deliveryId = awaitDeliveryOf(reservationId).deliveryId();

        operator(deliveryId, STARTED);
        operator(deliveryId, STARTED); // an operator's retry: 200, no new step
        operator(deliveryId, SHIPPED);
        operator(deliveryId, DELIVERED);

        List<DeliveryStatusChanged> events = awaitEvents(reservationId, 4).stream().map(this::parse).toList();
        assertThat(events).extracting(DeliveryStatusChanged::status)
                .containsExactly(REQUESTED, STARTED, SHIPPED, DELIVERED);
        assertThat(events).extracting(DeliveryStatusChanged::sequence).containsExactly(1, 2, 3, 4);
        assertThat(events).extracting(DeliveryStatusChanged::deliveryId).containsOnly(deliveryId);
        awaitOutboxDrained();
        assertThat(eventsOf(reservationId)).hasSize(4);
    }

    // ---- helpers

    private static ReservationPlaced placed(long reservationId) {
        return ReservationPlaced.of(reservationId, 1, 2, "c-" + reservationId, "hold-" + reservationId);
    }

    private static ReservationCancelled cancelled(long reservationId) {
        return ReservationCancelled.of(reservationId, 1, 2, "c-" + reservationId, "hold-" + reservationId);
    }

    private void send(IntegrationEvent event) {
        sendTo(null, event);
    }

    private void sendTo(Integer partition, IntegrationEvent event) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(Topics.RESERVATION, partition,
                event.key().getBytes(StandardCharsets.UTF_8), jsonMapper.writeValueAsBytes(event));
        record.headers().add(Topics.EVENT_TYPE_HEADER, event.type().getBytes(StandardCharsets.UTF_8));
        try {
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Waits until everything sent to the partition so far has been handled: a marker booking sent behind it is
     * only handled after them, because one partition is consumed in order.
     */
    private void processedInOrderAfter(int partition) {
        long marker = IDS.incrementAndGet();
        sendTo(partition, placed(marker));
        awaitEvents(marker, 1);
        awaitOutboxDrained();
    }

    private void operator(long deliveryId, DeliveryStatus target) throws Exception {
        mvc.perform(put("/deliveries/{id}/status", deliveryId).header("Authorization", bearer(TestTokens.operator()))
                .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"status\":\"" + target + "\"}"))
                .andExpect(status().isOk());
    }

    private List<DeliverySnapshot> mailingsOf(long reservationId) {
        return deliveries.ofReservation(reservationId, PageRequest.of(0, 100)).getContent();
    }

    private DeliverySnapshot awaitDeliveryOf(long reservationId) {
        return await().atMost(DEADLINE).until(() -> mailingsOf(reservationId), list -> !list.isEmpty())
                .getFirst();
    }

    private List<ConsumerRecord<byte[], byte[]>> awaitEvents(long reservationId, int count) {
        return await().atMost(DEADLINE).until(() -> eventsOf(reservationId), list -> list.size() >= count);
    }

    private List<ConsumerRecord<byte[], byte[]>> eventsOf(long reservationId) {
        return deliveryTopic.withKey(Long.toString(reservationId)).stream()
                .sorted(java.util.Comparator.comparingInt(r -> parse(r).sequence()))
                .toList();
    }

    /** With completion-mode delete, an empty registry means every event written so far has reached Kafka. */
    private void awaitOutboxDrained() {
        await().atMost(DEADLINE).until(
                () -> jdbc.queryForObject("select count(*) from event_publication", Integer.class), n -> n == 0);
    }

    private DeliveryStatusChanged parse(ConsumerRecord<byte[], byte[]> record) {
        return jsonMapper.readValue(record.value(), DeliveryStatusChanged.class);
    }
}
