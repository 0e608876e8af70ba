package healthcheck.schedule.messaging;

import static healthcheck.testsupport.TestTokens.bearer;
import static healthcheck.testsupport.TestTokens.client;
import static healthcheck.schedule.KafkaTestSupport.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import healthcheck.events.IntegrationEvent;
import healthcheck.events.ReservationCancelled;
import healthcheck.events.ReservationFailed;
import healthcheck.events.ReservationPlaced;
import healthcheck.events.Topics;
import healthcheck.platform.EventCodec;
import healthcheck.schedule.IntegrationTest;
import healthcheck.schedule.KafkaTestSupport;
import healthcheck.schedule.domain.Hold;
import healthcheck.schedule.domain.HoldStatus;
import healthcheck.schedule.domain.ScheduleService;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.test.web.servlet.MockMvc;

/** The compensation consumer against a real broker: exactly-once release whatever the order and repetition. */
class ReservationEventsKafkaTest extends IntegrationTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final String DLQ = "healthcheck.reservation.schedule.dlq";

    @Autowired
    EmbeddedKafkaBroker broker;

    @Autowired
    StreamBridge streamBridge;

    @Autowired
    EventCodec codec;

    @Autowired
    ScheduleService service;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MockMvc mvc;

    /** Exactly what reservation's outbox relay does: the platform codec through the binder. */
    private void publish(IntegrationEvent event) {
        assertThat(streamBridge.send(Topics.RESERVATION, codec.toMessage(event))).isTrue();
    }

    private int available(long scheduleId) {
        return service.get(scheduleId).availableCount();
    }

    private Optional<HoldStatus> holdStatus(String holdId) {
        return service.findHold(holdId).map(Hold::status);
    }

    private int timesProcessed(UUID eventId) {
        return jdbc.queryForObject("select count(*) from processed_event where event_id = ?", Integer.class,
                eventId.toString());
    }

    /** The dead letter with this key, once it is on the dead-letter topic. */
    private static ConsumerRecord<byte[], byte[]> awaitParked(KafkaConsumer<byte[], byte[]> dlq, String key) {
        AtomicReference<ConsumerRecord<byte[], byte[]>> parked = new AtomicReference<>();
        await().atMost(DEADLINE).until(() -> {
            for (ConsumerRecord<byte[], byte[]> record : KafkaTestSupport.poll(dlq)) {
                if (key.equals(text(record.key()))) {
                    parked.set(record);
                }
            }
            return parked.get() != null;
        });
        return parked.get();
    }

    private static String newHoldId() {
        return UUID.randomUUID().toString();
    }

    @Test
    void reservationCancelledReleasesTheHoldOnce() {
        long scheduleId = freshId();
        long reservationId = freshId();
        String holdId = newHoldId();
        service.register(scheduleId, 10, null, null, null, null);
        service.hold(scheduleId, holdId, reservationId, 4);

        publish(ReservationCancelled.of(reservationId, scheduleId, 4, "c-1", holdId));

        await().atMost(DEADLINE).until(() -> holdStatus(holdId).orElseThrow() == HoldStatus.RELEASED);
        assertThat(available(scheduleId)).isEqualTo(10);
    }

    @Test
    void aRedeliveredOrRepeatedReleaseGivesNothingMoreBack() {
        long scheduleId = freshId();
        long reservationId = freshId();
        String holdA = newHoldId();
        String holdB = newHoldId();
        String holdC = newHoldId();
        service.register(scheduleId, 10, null, null, null, null);
        service.hold(scheduleId, holdA, reservationId, 3);
        // the same reservation's later attempt (a retry after a failure takes under a new hold id)
        service.hold(scheduleId, holdB, reservationId, 2);
        service.hold(scheduleId, holdC, freshId(), 5);
        ReservationCancelled cancelled = ReservationCancelled.of(reservationId, scheduleId, 3, "c-1", holdA);

        publish(cancelled);
        await().atMost(DEADLINE).until(() -> available(scheduleId) == 3);

        // the same event again (at-least-once redelivery), and a different event for the same hold
        publish(cancelled);
        publish(ReservationFailed.of(reservationId, scheduleId, 3, holdA, "late failure report"));
        // a marker behind them on the same key, hence the same partition: once it is applied, they were too
        publish(ReservationCancelled.of(reservationId, scheduleId, 2, "c-1", holdB));

        await().atMost(DEADLINE).until(() -> holdStatus(holdB).orElseThrow() == HoldStatus.RELEASED);
        assertThat(available(scheduleId)).isEqualTo(5);
        assertThat(timesProcessed(cancelled.eventId())).isEqualTo(1);
        assertThat(holdStatus(holdC)).contains(HoldStatus.HELD);
    }

    @Test
    void reservationFailedBeforeTheTakeLeavesATombstoneThatRefusesTheLateTake() throws Exception {
        long scheduleId = freshId();
        long reservationId = freshId();
        String holdId = newHoldId();
        service.register(scheduleId, 5, null, null, null, null);

        publish(ReservationFailed.of(reservationId, scheduleId, 2, holdId, "timeout"));
        await().atMost(DEADLINE).until(() -> holdStatus(holdId).isPresent());
        assertThat(holdStatus(holdId)).contains(HoldStatus.RELEASED);

        mvc.perform(post("/schedules/{id}/holds", scheduleId)
                .header("Authorization", bearer(client("reservation", "schedule.hold")))
                .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"holdId\":\"" + holdId + "\",\"reservationId\":" + reservationId
                                + ",\"count\":2}"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("HOLD_RELEASED"));
        assertThat(available(scheduleId)).isEqualTo(5);
    }

    @Test
    void reservationPlacedChangesNothingAndCostsNoTransaction() {
        long scheduleId = freshId();
        long reservationId = freshId();
        String holdId = newHoldId();
        service.register(scheduleId, 10, null, null, null, null);
        service.hold(scheduleId, holdId, reservationId, 4);

        ReservationPlaced placed = ReservationPlaced.of(reservationId, scheduleId, 4, "c-1", holdId);
        publish(placed);
        String markerHold = newHoldId();
        publish(ReservationFailed.of(reservationId, scheduleId, 1, markerHold, "marker"));

        await().atMost(DEADLINE).until(() -> holdStatus(markerHold).isPresent());
        assertThat(holdStatus(holdId)).contains(HoldStatus.HELD);
        assertThat(available(scheduleId)).isEqualTo(6);
        // ignored without opening a transaction: not even the dedupe record was written
        assertThat(timesProcessed(placed.eventId())).isZero();
    }

    @Test
    void anEventTypeThisVersionDoesNotKnowIsParkedAtOnceAndThePartitionMovesOn() {
        long scheduleId = freshId();
        long reservationId = freshId();
        String markerHold = newHoldId();
        String key = Long.toString(reservationId);

        KafkaTestSupport.send(broker, Topics.RESERVATION, key, "ReservationRescheduled",
                "{\"something\":\"from a newer producer\"}".getBytes(StandardCharsets.UTF_8));
        publish(ReservationFailed.of(reservationId, scheduleId, 1, markerHold, "marker"));
        await().atMost(DEADLINE).until(() -> holdStatus(markerHold).isPresent());

        // same key, same partition: parked before the marker ran, to be replayed once this version knows it
        try (KafkaConsumer<byte[], byte[]> dlq = KafkaTestSupport.consumer(broker, DLQ)) {
            ConsumerRecord<byte[], byte[]> parked = KafkaTestSupport.readToEnd(dlq).stream()
                    .filter(record -> key.equals(text(record.key()))).findFirst().orElseThrow();
            assertThat(text(parked.headers().lastHeader("healthcheck-dead-letter-reason").value()))
                    .contains("unknown event type ReservationRescheduled");
            assertThat(text(parked.headers().lastHeader("healthcheck-dead-letter-kind").value())).isEqualTo("POISON");
        }
    }

    @Test
    void aCancelNamingAnotherReservationsHoldFreesNothingAndIsParkedWithItsReason() {
        long scheduleId = freshId();
        long owner = freshId();
        long forger = freshId();
        String holdId = newHoldId();
        service.register(scheduleId, 10, null, null, null, null);
        service.hold(scheduleId, holdId, owner, 4);

        // a hold id read off the topic, sent under another reservation's name (same key as the owner's events)
        publish(ReservationCancelled.of(forger, scheduleId, 4, "c-forger", holdId));

        try (KafkaConsumer<byte[], byte[]> dlq = KafkaTestSupport.consumer(broker, DLQ)) {
            ConsumerRecord<byte[], byte[]> parked = awaitParked(dlq, Long.toString(forger));
            assertThat(text(parked.headers().lastHeader("healthcheck-dead-letter-reason").value()))
                    .contains("another reservation's");
            assertThat(text(parked.headers().lastHeader("healthcheck-dead-letter-kind").value()))
                    .isEqualTo("POISON");
        }
        assertThat(holdStatus(holdId)).contains(HoldStatus.HELD);
        assertThat(available(scheduleId)).isEqualTo(6);

        // its own reservation's cancel still gives the places back
        publish(ReservationCancelled.of(owner, scheduleId, 4, "c-owner", holdId));
        await().atMost(DEADLINE).until(() -> holdStatus(holdId).orElseThrow() == HoldStatus.RELEASED);
        assertThat(available(scheduleId)).isEqualTo(10);
    }

    @Test
    void anUnparseableMessageEndsOnTheDeadLetterTopicWithItsReason() {
        String key = "poison-" + UUID.randomUUID();
        byte[] poison = "{not json at all".getBytes(StandardCharsets.UTF_8);

        try (KafkaConsumer<byte[], byte[]> dlq = KafkaTestSupport.consumer(broker, DLQ)) {
            KafkaTestSupport.send(broker, Topics.RESERVATION, key, ReservationCancelled.TYPE, poison);

            ConsumerRecord<byte[], byte[]> parked = awaitParked(dlq, key);
            assertThat(parked.value()).isEqualTo(poison);
            assertThat(text(parked.headers().lastHeader("eventType").value()))
                    .isEqualTo(ReservationCancelled.TYPE);
            // parked for the payload itself, not for some incidental failure on the way
            assertThat(text(parked.headers().lastHeader("healthcheck-dead-letter-reason").value()))
                    .contains("Unexpected character");
            assertThat(text(parked.headers().lastHeader("kafka_dlt-original-topic").value()))
                    .isEqualTo(Topics.RESERVATION);
        }
    }
}
