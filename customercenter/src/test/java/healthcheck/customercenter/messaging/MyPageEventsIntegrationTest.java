package healthcheck.customercenter.messaging;

import static healthcheck.testsupport.TestTokens.bearer;
import static healthcheck.testsupport.TestTokens.operator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import healthcheck.customercenter.IntegrationTestSupport;
import healthcheck.customercenter.domain.HistoryEntry;
import healthcheck.customercenter.domain.MyPage;
import healthcheck.customercenter.domain.MyPageView;
import healthcheck.customercenter.domain.ReservationStatus;
import healthcheck.customercenter.domain.Step;
import healthcheck.events.DeliveryStatus;
import healthcheck.events.DeliveryStatusChanged;
import healthcheck.events.ReservationCancelled;
import healthcheck.events.ReservationFailed;
import healthcheck.events.ReservationPlaced;
import healthcheck.events.ScheduleRegistered;
import healthcheck.events.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.PageRequest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.messaging.Message;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.json.JsonMapper;

class MyPageEventsIntegrationTest extends IntegrationTestSupport {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final Instant T0 = Instant.parse("2026-11-20T09:00:00Z");

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcTemplate jdbc;

    private static Instant at(int seconds) {
        return T0.plusSeconds(seconds);
    }

    private static ReservationPlaced placed(long reservationId, long scheduleId, int count, String customerId,
                                            Instant at) {
        return new ReservationPlaced(UUID.randomUUID(), ReservationPlaced.TYPE, 1, at, reservationId, scheduleId,
                count, customerId, UUID.randomUUID().toString());
    }

    private static ReservationCancelled cancelled(long reservationId, long scheduleId, int count, String customerId,
                                                  Instant at) {
        return new ReservationCancelled(UUID.randomUUID(), ReservationCancelled.TYPE, 1, at, reservationId,
                scheduleId, count, customerId, UUID.randomUUID().toString());
    }

    private List<HistoryEntry> historyOf(long reservationId) {
        return myPages.find(reservationId).map(MyPageView::history).orElseThrow();
    }

    private MyPage pageOf(long reservationId) {
        return myPages.find(reservationId).map(MyPageView::page).orElseThrow();
    }

    private void awaitPage(long reservationId, java.util.function.Consumer<MyPage> assertion) {
        await().atMost(DEADLINE).ignoreExceptions().untilAsserted(() -> assertion.accept(pageOf(reservationId)));
    }

    private Integer rowsFor(long reservationId) {
        return jdbc.queryForObject("select count(*) from my_page where reservation_id = ?", Integer.class,
                reservationId);
    }

    @Test
    void fullHappyFlowBuildsThePage() throws Exception {
        send(ScheduleRegistered.of(101, 100, LocalDate.of(2026, 12, 1), LocalTime.of(9, 30), "Seoul Central",
                "basic"));
        send(placed(1001, 101, 10, "c-happy", at(0)));
        send(DeliveryStatusChanged.of(501, 1001, DeliveryStatus.REQUESTED, 1, at(1)));
        send(DeliveryStatusChanged.of(501, 1001, DeliveryStatus.STARTED, 2, at(2)));
        send(DeliveryStatusChanged.of(501, 1001, DeliveryStatus.SHIPPED, 3, at(3)));
        send(DeliveryStatusChanged.of(501, 1001, DeliveryStatus.DELIVERED, 4, at(4)));

        await().atMost(DEADLINE).untilAsserted(() -> mvc.perform(get("/myPages/1001")
                .header("Authorization", bearer(operator())))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.reservationId").value(1001))
                .andExpect(jsonPath("$.customerId").value("c-happy"))
                .andExpect(jsonPath("$.scheduleId").value(101))
                .andExpect(jsonPath("$.schedule.checkupDate").value("2026-12-01"))
                .andExpect(jsonPath("$.schedule.centre").value("Seoul Central"))
                .andExpect(jsonPath("$.schedule.checkupPackage").value("basic"))
                .andExpect(jsonPath("$.reservationCount").value(10))
                .andExpect(jsonPath("$.reservationStatus").value("RESERVED"))
                .andExpect(jsonPath("$.deliveryId").value(501))
                .andExpect(jsonPath("$.deliveryStatus").value("DELIVERED"))
                .andExpect(jsonPath("$.note").value(nullValue()))
                .andExpect(jsonPath("$.history[*].step", contains("RESERVED", "MAILING_REQUESTED",
                        "MAILING_STARTED", "MAILING_SHIPPED", "MAILING_DELIVERED"))));

        mvc.perform(get("/myPages").header("Authorization", bearer(operator())).param("customerId", "c-happy"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.content", hasSize(1)))
                .andExpect(jsonPath("$.content[0].reservationId").value(1001))
                .andExpect(jsonPath("$.content[0].schedule.centre").value("Seoul Central"))
                .andExpect(jsonPath("$.page.totalElements").value(1));
    }

    @Test
    void cancellingABookingCancelsItsPageAndMailing() {
        send(placed(1002, 102, 5, "c-cancel", at(0)));
        send(DeliveryStatusChanged.of(502, 1002, DeliveryStatus.REQUESTED, 1, at(1)));
        awaitPage(1002, page -> assertThat(page.deliveryStatus()).isEqualTo(DeliveryStatus.REQUESTED));

        send(cancelled(1002, 102, 5, "c-cancel", at(5)));
        send(DeliveryStatusChanged.of(502, 1002, DeliveryStatus.CANCELLED, 2, at(6)));

        awaitPage(1002, page -> {
            assertThat(page.reservationStatus()).isEqualTo(ReservationStatus.CANCELLED);
            assertThat(page.deliveryStatus()).isEqualTo(DeliveryStatus.CANCELLED);
            assertThat(page.note()).isNull();
            assertThat(historyOf(1002)).extracting(HistoryEntry::step).containsExactly(
                    Step.RESERVED, Step.MAILING_REQUESTED, Step.CANCELLED, Step.MAILING_CANCELLED);
        });
    }

    @Test
    void cancellingAfterTheMailingWasDeliveredSaysSoOnThePage() {
        send(placed(1003, 103, 2, "c-late", at(0)));
        send(DeliveryStatusChanged.of(503, 1003, DeliveryStatus.DELIVERED, 4, at(4)));
        awaitPage(1003, page -> assertThat(page.deliveryStatus()).isEqualTo(DeliveryStatus.DELIVERED));

        send(cancelled(1003, 103, 2, "c-late", at(5)));

        awaitPage(1003, page -> {
            assertThat(page.reservationStatus()).isEqualTo(ReservationStatus.CANCELLED);
            assertThat(page.deliveryStatus()).isEqualTo(DeliveryStatus.DELIVERED);
            assertThat(page.note()).isEqualTo("Mailing was already delivered when the booking was cancelled");
        });
    }

    @Test
    void aBookingsFirstEventWritesItsPageInOneInsertWithoutAnUpdate() {
        send(placed(1009, 109, 2, "c-one-insert", at(0)));

        awaitPage(1009, page -> assertThat(page.reservationStatus()).isEqualTo(ReservationStatus.RESERVED));
        // every update of a page raises its version; an insert followed by an update would leave it at 1
        assertThat(jdbc.queryForObject("select version from my_page where reservation_id = 1009", Long.class))
                .isZero();
    }

    @Test
    void redeliveredEventsChangeNothing() {
        ReservationPlaced placed = placed(1004, 104, 3, "c-redelivery", at(0));
        DeliveryStatusChanged requested = DeliveryStatusChanged.of(504, 1004, DeliveryStatus.REQUESTED, 1, at(1));
        send(placed);
        send(requested);
        awaitPage(1004, page -> assertThat(page.deliveryStatus()).isEqualTo(DeliveryStatus.REQUESTED));
        // From here on only the redeliveries could call these; earlier calls include contention retries.
        clearInvocations(myPages);

        send(placed);
        send(requested);
        // Markers behind the redeliveries on the same partitions: once they are applied, so were the redeliveries.
        send(cancelled(1004, 104, 3, "c-redelivery", at(5)));
        send(DeliveryStatusChanged.of(504, 1004, DeliveryStatus.CANCELLED, 2, at(6)));

        // Both markers: the topics are consumed apart, so the mailing's can be on the page before the booking's, which
        // may have lost the race for the page and be about to run again.
        awaitPage(1004, page -> {
            assertThat(page.reservationStatus()).isEqualTo(ReservationStatus.CANCELLED);
            assertThat(page.deliveryStatus()).isEqualTo(DeliveryStatus.CANCELLED);
        });
        verify(myPages, never()).bookingPlaced(eq(1004L), anyLong(), anyInt(), any(), any());
        verify(myPages, never())
                .mailingChanged(eq(1004L), anyLong(), eq(DeliveryStatus.REQUESTED), anyInt(), any());
        assertThat(historyOf(1004)).extracting(HistoryEntry::step).containsExactly(
                Step.RESERVED, Step.MAILING_REQUESTED, Step.CANCELLED, Step.MAILING_CANCELLED);
        assertThat(jdbc.queryForObject("select count(*) from processed_event where event_id in (?, ?)",
                Integer.class, placed.eventId().toString(), requested.eventId().toString())).isEqualTo(2);
    }

    @Test
    void mailingEventsBeforeTheirBookingAndOutOfSequenceConverge() throws Exception {
        send(DeliveryStatusChanged.of(505, 1005, DeliveryStatus.REQUESTED, 1, at(1)));
        await().atMost(DEADLINE).until(() -> rowsFor(1005) == 1);
        mvc.perform(get("/myPages/1005").header("Authorization", bearer(operator()))).andExpect(status().isNotFound());

        send(DeliveryStatusChanged.of(505, 1005, DeliveryStatus.SHIPPED, 3, at(3)));
        await().atMost(DEADLINE).until(() -> jdbc.queryForObject(
                "select delivery_sequence from my_page where reservation_id = 1005", Integer.class) == 3);
        send(DeliveryStatusChanged.of(505, 1005, DeliveryStatus.STARTED, 2, at(2)));
        await().atMost(DEADLINE).until(() -> jdbc.queryForObject(
                "select count(*) from my_page_step where reservation_id = 1005", Integer.class) == 3);

        send(placed(1005, 105, 4, "c-ooo", at(0)));

        awaitPage(1005, page -> {
            assertThat(page.reservationStatus()).isEqualTo(ReservationStatus.RESERVED);
            assertThat(page.customerId()).isEqualTo("c-ooo");
            assertThat(page.deliveryId()).isEqualTo(505L);
            assertThat(page.deliveryStatus()).isEqualTo(DeliveryStatus.SHIPPED);
            assertThat(historyOf(1005)).extracting(HistoryEntry::step).containsExactly(
                    Step.RESERVED, Step.MAILING_REQUESTED, Step.MAILING_STARTED, Step.MAILING_SHIPPED);
        });
        assertThat(rowsFor(1005)).isEqualTo(1);
    }

    @Test
    void aStepReportedAgainByALaterEventStaysOnceWithItsFirstTime() {
        send(placed(1013, 113, 1, "c-step-once", at(0)));
        send(DeliveryStatusChanged.of(513, 1013, DeliveryStatus.REQUESTED, 1, at(1)));
        awaitPage(1013, page -> assertThat(page.deliveryStatus()).isEqualTo(DeliveryStatus.REQUESTED));

        // a later event (its own id, so the inbox lets it through) reporting a step the history has already
        send(DeliveryStatusChanged.of(513, 1013, DeliveryStatus.REQUESTED, 2, at(3)));

        awaitPage(1013, page -> assertThat(page.deliverySequence()).isEqualTo(2));
        assertThat(historyOf(1013)).containsExactly(new HistoryEntry(Step.RESERVED, at(0)),
                new HistoryEntry(Step.MAILING_REQUESTED, at(1)));
    }

    @Test
    void cancellationBeforeItsPlacementKeepsTheBookingCancelled() {
        send(cancelled(1006, 106, 1, "c-cancel-first", at(5)));
        awaitPage(1006, page -> assertThat(page.reservationStatus()).isEqualTo(ReservationStatus.CANCELLED));

        send(placed(1006, 106, 1, "c-cancel-first", at(0)));

        awaitPage(1006, page -> assertThat(historyOf(1006)).extracting(HistoryEntry::step)
                .containsExactly(Step.RESERVED, Step.CANCELLED));
        assertThat(pageOf(1006).reservationStatus()).isEqualTo(ReservationStatus.CANCELLED);
    }

    @Test
    void scheduleDetailsArrivingAfterTheBookingAreMerged() {
        send(placed(1007, 107, 6, "c-schedule-late", at(0)));
        await().atMost(DEADLINE).until(() -> myPages.find(1007).isPresent());
        assertThat(myPages.find(1007).orElseThrow().schedule()).isNull();

        send(ScheduleRegistered.of(107, 50, LocalDate.of(2026, 12, 24), LocalTime.of(8, 0), "Busan East",
                "premium"));

        await().atMost(DEADLINE).untilAsserted(() -> {
            MyPageView view = myPages.find(1007).orElseThrow();
            assertThat(view.schedule()).isNotNull();
            assertThat(view.schedule().centre()).isEqualTo("Busan East");
            assertThat(view.schedule().checkupDate()).isEqualTo(LocalDate.of(2026, 12, 24));
            assertThat(view.schedule().checkupTime()).isEqualTo(LocalTime.of(8, 0));
            assertThat(view.schedule().checkupPackage()).isEqualTo("premium");
        });
    }

    @Test
    void failedReservationNeverAppearsOnMyPageAndCostsNoTransaction() {
        ReservationFailed failed = ReservationFailed.of(1008, 108, 2, UUID.randomUUID().toString(), "timed out");
        send(failed);
        send(placed(1009, 108, 2, "c-after-failure", at(0)));

        await().atMost(DEADLINE).until(() -> myPages.find(1009).isPresent());
        assertThat(myPages.find(1008)).isEmpty();
        assertThat(rowsFor(1008)).isZero();
        // ignored without opening a transaction: not even the dedupe record was written
        assertThat(jdbc.queryForObject("select count(*) from processed_event where event_id = ?", Integer.class,
                failed.eventId().toString())).isZero();
    }

    @Test
    void anUnknownEventTypeIsParkedOnTheDeadLetterTopicAtOnceAndTheNextMessageIsApplied() {
        send(Topics.RESERVATION, "1010", "ReservationTeleported", "{\"reservationId\":1010}".getBytes());
        send(placed(1010, 110, 1, "c-unknown-type", at(0)));

        awaitPage(1010, page -> assertThat(page.reservationStatus()).isEqualTo(ReservationStatus.RESERVED));
        ConsumerRecord<String, String> parked = deadLetter("1010");
        assertThat(parked.value()).isEqualTo("{\"reservationId\":1010}");
        assertThat(new String(parked.headers().lastHeader("healthcheck-dead-letter-reason").value(),
                StandardCharsets.UTF_8)).contains("unknown event type ReservationTeleported");
    }

    @Test
    void eventsOfOneBookingRacingOnTwoTopicsAllApply() throws Exception {
        List<Long> bookings = java.util.stream.LongStream.rangeClosed(2001, 2030).boxed().toList();
        for (long id : bookings) {
            send(DeliveryStatusChanged.of(id + 1000, id, DeliveryStatus.REQUESTED, 1, at(1)));
            send(placed(id, 200, 1, "c-race", at(0)));
            send(DeliveryStatusChanged.of(id + 1000, id, DeliveryStatus.STARTED, 2, at(2)));
        }

        await().atMost(DEADLINE).untilAsserted(() -> assertThat(
                myPages.findByCustomer("c-race", PageRequest.of(0, 100)).getContent())
                .hasSize(bookings.size())
                .allSatisfy(view -> {
                    assertThat(view.page().deliveryStatus()).isEqualTo(DeliveryStatus.STARTED);
                    assertThat(view.history()).extracting(HistoryEntry::step)
                            .containsExactly(Step.RESERVED, Step.MAILING_REQUESTED, Step.MAILING_STARTED);
                }));

        // walked 7 at a time, the 30 pages come back each once, in reservationId order
        List<Long> walked = new ArrayList<>();
        for (int page = 0; page < 5; page++) {
            String answer = mvc.perform(get("/myPages").header("Authorization", bearer(operator()))
                    .param("customerId", "c-race")
                            .param("page", String.valueOf(page)).param("size", "7"))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.page.totalElements").value(bookings.size()))
                    .andExpect(jsonPath("$.page.totalPages").value(5))
                    .andReturn().getResponse().getContentAsString();
            JsonMapper.shared().readTree(answer).get("content").forEach(view -> walked.add(view.get("reservationId").asLong()));
        }
        assertThat(walked).containsExactlyElementsOf(bookings);
        // past the last page: nothing to join, still the totals
        mvc.perform(get("/myPages").header("Authorization", bearer(operator()))
                        .param("customerId", "c-race").param("page", "5").param("size", "7"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.content", hasSize(0)))
                .andExpect(jsonPath("$.page.totalElements").value(bookings.size()));
    }

    @Test
    void anUnparseableMessageLandsOnTheDeadLetterTopicAfterOneAttempt() {
        String poison = "{\"this is\": not an event";
        send(Topics.RESERVATION, "1011", ReservationPlaced.TYPE, poison.getBytes(StandardCharsets.UTF_8));
        // The partition is not blocked behind it: the next booking on the same topic is applied.
        send(placed(1012, 112, 1, "c-after-poison", at(0)));

        ConsumerRecord<String, String> parked = deadLetter("1011");
        assertThat(parked.value()).isEqualTo(poison);
        verify(codec, times(1)).decode(argThat((Message<?> message) ->
                message.getPayload() instanceof byte[] bytes
                        && poison.equals(new String(bytes, StandardCharsets.UTF_8))));
        awaitPage(1012, page -> assertThat(page.reservationStatus()).isEqualTo(ReservationStatus.RESERVED));
        assertThat(rowsFor(1011)).isZero();
    }

    /** The dead letter with this key on the reservation topic's dead-letter topic, waiting for it to arrive. */
    private ConsumerRecord<String, String> deadLetter(String key) {
        Map<String, Object> props = KafkaTestUtils.consumerProps(broker, "dlq-reader-" + UUID.randomUUID(), false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (Consumer<String, String> dlq = new DefaultKafkaConsumerFactory<>(props, new StringDeserializer(),
                new StringDeserializer()).createConsumer()) {
            dlq.subscribe(List.of("healthcheck.reservation.customercenter.dlq"));
            List<ConsumerRecord<String, String>> seen = new java.util.ArrayList<>();
            await().atMost(DEADLINE).until(() -> {
                KafkaTestUtils.getRecords(dlq, Duration.ofMillis(300)).forEach(seen::add);
                return seen.stream().anyMatch(r -> key.equals(r.key()));
            });
            return seen.stream().filter(r -> key.equals(r.key())).findFirst().orElseThrow();
        }
    }
}
