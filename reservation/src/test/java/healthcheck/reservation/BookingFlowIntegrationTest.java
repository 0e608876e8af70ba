package healthcheck.reservation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import healthcheck.events.ReservationCancelled;
import healthcheck.events.ReservationFailed;
import healthcheck.events.ReservationPlaced;
import healthcheck.events.Topics;
import healthcheck.platform.housekeeping.ExpiringRows;
import healthcheck.reservation.domain.Bookings;
import healthcheck.reservation.domain.IdempotencyKeyRepository;
import healthcheck.reservation.domain.NewReservation;
import healthcheck.reservation.domain.Reservation;
import healthcheck.reservation.domain.ReservationRepository;
import healthcheck.reservation.domain.ReservationStatus;
import healthcheck.reservation.domain.ScheduleHolds;
import healthcheck.reservation.support.FakeSchedule;
import healthcheck.reservation.support.Http;
import healthcheck.reservation.support.RecordedStatements;
import healthcheck.reservation.support.Http.Answer;
import healthcheck.reservation.support.ReservationTopic;
import healthcheck.testsupport.MappedSchema;
import healthcheck.testsupport.TestIssuer;
import healthcheck.reservation.support.ReservationTopic.Event;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import healthcheck.testsupport.Observations;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.cloud.openfeign.FeignClientProperties;
import org.springframework.data.jdbc.core.mapping.JdbcMappingContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.security.web.ObservationFilterChainDecorator;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.util.ReflectionTestUtils;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
// spring-kafka-test 4 dropped the kraft attribute: the embedded broker is always KRaft now (no ZooKeeper).
@EmbeddedKafka(partitions = 3, topics = Topics.RESERVATION)
@Import(RecordedStatements.class)
class BookingFlowIntegrationTest {

    private static final FakeSchedule schedule = FakeSchedule.INSTANCE;
    private static final AtomicLong ids = new AtomicLong(1_000_000);

    @DynamicPropertySource
    static void scheduleUrl(DynamicPropertyRegistry registry) {
        registry.add("healthcheck.schedule.url", schedule::url);
    }

    @LocalServerPort
    int port;

    @Value("${spring.embedded.kafka.brokers}")
    String brokers;

    @Autowired
    ReservationRepository reservations;

    @Autowired
    ObservationRegistry observations;

    @Autowired
    MeterRegistry meters;

    @Autowired
    FilterChainProxy securityFilters;

    @Autowired
    Bookings bookings;

    @Autowired
    JdbcMappingContext mapping;

    @Autowired
    ApplicationContext service;

    @Autowired
    IdempotencyKeyRepository keys;

    @Autowired
    CircuitBreakerRegistry circuitBreakers;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    PlatformTransactionManager transactionManager;

    @Autowired
    FeignClientProperties feignProperties;

    @Autowired
    List<ExpiringRows> expiring;

    Http http;
    ReservationTopic topic;
    CircuitBreaker circuit;

    private static volatile boolean warm;

    @BeforeEach
    void setUp() {
        http = new Http(port);
        topic = new ReservationTopic(brokers);
        schedule.reset();
        schedule.register(1, 100);
        circuit = circuitBreakers.circuitBreaker("schedule");
        circuit.reset();
        if (!warm) {
            // A cold JVM on a busy machine can miss the 250 ms budget on its very first call; tests measure warm paths.
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> http.post("/reservations", "{\"scheduleId\":1,\"reservationCount\":1}").status() == 201);
            circuit.reset();
            schedule.reset();
            schedule.register(1, 100);
            warm = true;
        }
    }

    @AfterEach
    void tearDown() {
        topic.close();
        schedule.reset();
        circuit.reset();
    }

    private static long newId() {
        return ids.incrementAndGet();
    }

    private static String booking(long id, long scheduleId, int count) {
        return "{\"reservationId\":" + id + ",\"scheduleId\":" + scheduleId + ",\"reservationCount\":" + count
                + "}";
    }

    /**
     * Platform's defaults: a booking is timed as the request it is; not its security filters, its call to schedule
     * through the circuit breaker, its repository calls, nor the function and channel of the event it sends.
     */
    @Test
    void aBookingIsObservedAsItsRequestAndNotPerEventSentOrCallToSchedule() {
        Observations recorded = Observations.attachTo(observations);
        long id = newId();

        assertThat(http.post("/reservations", booking(id, 1, 1)).status()).isEqualTo(201);
        topic.awaitEvent(id, ReservationPlaced.TYPE);

        recorded.assertOnlyRequestsObserved();
        assertThat(meters.find("spring.data.repository.invocations").meters()).as("repository calls timed").isEmpty();
        assertThat(meters.find("http.server.requests.active").meters()).as("long-task timer").isEmpty();
        // the bean is Security's composite; the chain it runs is the proxy it holds
        Object chain = ReflectionTestUtils.getField(securityFilters, "springSecurityFilterChain");
        assertThat(ReflectionTestUtils.getField(chain, "filterChainDecorator")).as("security filters wrapped")
                .isNotInstanceOf(ObservationFilterChainDecorator.class);
    }

    @Test
    void the_circuit_breaker_and_the_client_timeouts_are_configured_from_properties() {
        assertThat(circuit.getCircuitBreakerConfig().getMinimumNumberOfCalls()).isEqualTo(5);
        assertThat(circuit.getCircuitBreakerConfig().getFailureRateThreshold()).isEqualTo(50f);
        assertThat(circuit.getCircuitBreakerConfig().getSlowCallDurationThreshold()).isEqualTo(Duration.ofSeconds(60));
        assertThat(circuit.getCircuitBreakerConfig().getSlowCallRateThreshold()).as("judged on failures").isEqualTo(100f);
        assertThat(circuit.getCircuitBreakerConfig().isAutomaticTransitionFromOpenToHalfOpenEnabled()).isTrue();
        assertThat(feignProperties.getConfig().get("schedule").getConnectTimeout()).isEqualTo(250);
        assertThat(feignProperties.getConfig().get("schedule").getReadTimeout()).isEqualTo(250);
        assertThat(feignProperties.isDefaultToProperties()).isTrue();
    }

    @Test
    void booking_takes_places_and_publishes_ReservationPlaced_keyed_by_reservation_id() {
        long id = newId();
        Answer answer = http.post("/reservations", booking(id, 1, 10));

        assertThat(answer.status()).isEqualTo(201);
        assertThat(answer.header("Location")).isEqualTo("/reservations/" + id);
        assertThat(answer.json().get("status").asString()).isEqualTo("RESERVED");
        assertThat(answer.json().get("customerId").asString()).isEqualTo(http.customer());
        assertThat(schedule.availableCount(1)).isEqualTo(90);
        Reservation stored = reservations.findById(id).orElseThrow();
        assertThat(stored.status()).isEqualTo(ReservationStatus.RESERVED);

        List<Event> events = topic.awaitEvent(id, ReservationPlaced.TYPE);
        Event placed = events.stream().filter(e -> e.type().equals(ReservationPlaced.TYPE)).findFirst().orElseThrow();
        assertThat(placed.key()).isEqualTo(Long.toString(id));
        assertThat(placed.payload()).contains("\"holdId\":\"" + stored.holdId() + "\"")
                .contains("\"reservationCount\":10");
        assertThat(http.get("/reservations/" + id).json().get("status").asString()).isEqualTo("RESERVED");
    }

    @Test
    void booking_without_an_id_is_assigned_one_that_skips_ids_clients_already_used() {
        Answer first = http.post("/reservations", "{\"scheduleId\":1,\"reservationCount\":1}");
        assertThat(first.status()).isEqualTo(201);
        long assigned = first.json().get("reservationId").asLong();
        // A client takes the next id the sequence would hand out.
        assertThat(http.post("/reservations", booking(assigned + 1, 1, 1)).status()).isEqualTo(201);

        Answer second = http.post("/reservations", "{\"scheduleId\":1,\"reservationCount\":1}");
        assertThat(second.status()).isEqualTo(201);
        assertThat(second.json().get("reservationId").asLong()).isEqualTo(assigned + 2);
        assertThat(second.json().get("customerId").asString()).isEqualTo(http.customer());
    }

    @Test
    void a_booking_takes_its_id_from_the_sequence_and_writes_its_row_twice_without_reading_it() {
        List<String> sql = RecordedStatements.during(() -> bookings.book(new NewReservation(null, 1, 1, "alice"),
                System.nanoTime()));

        List<String> onTheTable = sql.stream().map(s -> s.toLowerCase(Locale.ROOT))
                .filter(s -> s.contains(" reservation ") || s.contains(" reservation("))
                .map(s -> s.substring(0, s.indexOf(' '))).toList();
        // the attempt, then its confirmation: no look at the table for an id, none to confirm
        assertThat(onTheTable).containsExactly("insert", "update");
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void a_booking_the_sweeper_failed_while_schedule_answered_is_refused_and_stays_failed(CapturedOutput log) {
        long id = newId();
        schedule.beforeNextAnswer(() -> bookings.failStalePending(Duration.ZERO, 100));

        Answer answer = http.post("/reservations", booking(id, 1, 3));

        assertThat(answer.status()).isEqualTo(503);
        assertThat(log.getOut()).as("refused at its confirmation, not by a timeout")
                .contains("reservation " + id + " took too long to confirm");
        Reservation stored = reservations.findById(id).orElseThrow();
        assertThat(stored.status()).isEqualTo(ReservationStatus.FAILED);
        assertThat(stored.failureReason()).startsWith("no confirmation within");
        assertThat(topic.awaitEvent(id, ReservationFailed.TYPE)).extracting(Event::type)
                .doesNotContain(ReservationPlaced.TYPE);
    }

    @Test
    void a_confirmation_written_without_reading_rolls_back_with_its_transaction() {
        long id = newId();
        Reservation pending = reservations.save(Reservation.pending(id, 1, 1, "alice",
                UUID.randomUUID().toString(), Instant.now()));

        new TransactionTemplate(transactionManager).executeWithoutResult(tx -> {
            pending.reserve(Instant.now());
            reservations.save(pending);
            tx.setRollbackOnly();
        });

        assertThat(reservations.findById(id).orElseThrow().status()).isEqualTo(ReservationStatus.PENDING);
        reservations.deleteById(id);
    }

    @Test
    void booking_an_existing_reservation_id_answers_409_and_takes_nothing() {
        long id = newId();
        assertThat(http.post("/reservations", booking(id, 1, 5)).status()).isEqualTo(201);
        int callsBefore = schedule.calls();

        Answer again = http.post("/reservations", booking(id, 1, 5));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.header("Content-Type")).startsWith("application/problem+json");
        assertThat(schedule.calls()).isEqualTo(callsBefore);
        assertThat(schedule.availableCount(1)).isEqualTo(95);
    }

    @Test
    void over_capacity_answers_409_with_the_places_left_and_keeps_no_booking() {
        schedule.register(2, 3);
        long id = newId();
        Answer answer = http.post("/reservations", booking(id, 2, 10));

        assertThat(answer.status()).isEqualTo(409);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        assertThat(answer.json().get("availableCount").asInt()).isEqualTo(3);
        assertThat(answer.json().get("detail").asString()).contains("3 places left");
        assertThat(reservations.findById(id)).isEmpty();
        assertThat(schedule.availableCount(2)).isEqualTo(3);
        assertThat(http.get("/reservations/" + id).status()).isEqualTo(404);
    }

    @Test
    void unknown_schedule_answers_404_and_keeps_no_booking() {
        long id = newId();
        Answer answer = http.post("/reservations", booking(id, 77, 1));

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.json().get("code").asString()).isEqualTo("SCHEDULE_NOT_FOUND");
        assertThat(reservations.findById(id)).isEmpty();
    }

    @Test
    void a_booking_after_the_schedule_is_full_is_refused_after_one_read_and_writes_nothing() {
        schedule.register(30, 1);
        assertThat(http.post("/reservations", booking(newId(), 30, 1)).status()).isEqualTo(201);
        assertThat(http.post("/reservations", booking(newId(), 30, 1)).status()).as("schedule refuses the take")
                .isEqualTo(409);
        int readsBefore = schedule.reads();
        int holdsBefore = schedule.calls() - readsBefore;

        Answer answer = http.post("/reservations", booking(newId(), 30, 1));
        List<String> sql = RecordedStatements.during(() -> assertThatThrownBy(() -> bookings.book(
                new NewReservation(null, 30, 1, "alice"), System.nanoTime()))
                .isInstanceOf(ScheduleHolds.InsufficientCapacityException.class));

        assertThat(answer.status()).isEqualTo(409);
        assertThat(answer.json().get("code").asString()).isEqualTo("INSUFFICIENT_CAPACITY");
        assertThat(answer.json().get("availableCount").asInt()).isZero();
        assertThat(schedule.reads()).as("each asked schedule, with a read").isEqualTo(readsBefore + 2);
        assertThat(schedule.calls() - schedule.reads()).as("and took nothing").isEqualTo(holdsBefore);
        assertThat(sql).as("no attempt was recorded and removed").isEmpty();
    }

    @Test
    void a_place_given_back_after_the_schedule_was_full_is_booked_by_the_next_customer() {
        schedule.register(31, 1);
        assertThat(http.post("/reservations", booking(newId(), 31, 1)).status()).isEqualTo(201);
        assertThat(http.post("/reservations", booking(newId(), 31, 1)).status()).isEqualTo(409);

        schedule.register(31, 1);
        long id = newId();
        Answer answer = http.post("/reservations", booking(id, 31, 1));

        assertThat(answer.status()).isEqualTo(201);
        assertThat(schedule.wasAskedFor(id)).as("it took the place").isTrue();
        assertThat(schedule.availableCount(31)).isZero();
    }

    @Test
    void business_rejections_never_open_the_circuit() {
        schedule.register(2, 0);
        for (int i = 0; i < 12; i++) {
            assertThat(http.post("/reservations", booking(newId(), 2, 1)).status()).isEqualTo(409);
            assertThat(http.post("/reservations", booking(newId(), 404, 1)).status()).isEqualTo(404);
        }
        assertThat(circuit.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(circuit.getMetrics().getNumberOfFailedCalls()).isZero();
        assertThat(http.post("/reservations", booking(newId(), 1, 1)).status()).isEqualTo(201);
    }

    @Test
    void a_booking_with_bad_fields_is_refused_naming_each_field_by_the_platforms_mapping() {
        Answer answer = http.post("/reservations", "{\"scheduleId\":1,\"reservationCount\":0,\"reservationId\":-1}");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        assertThat(answer.json().get("code").asString()).isEqualTo("VALIDATION_FAILED");
        assertThat(answer.json().get("errors").valueStream().map(e -> e.get("field").asString()).toList())
                .containsExactly("reservationCount", "reservationId");
        assertThat(http.get("/no/such/path").json().get("code").asString()).isEqualTo("NO_SUCH_ENDPOINT");
    }

    @Test
    void a_body_over_16_KB_is_refused_with_413_and_books_nothing() {
        long id = newId();
        String padded = "{\"reservationId\":" + id + ",\"scheduleId\":1,\"reservationCount\":1,\"customerId\":\"c\","
                + "\"padding\":\"" + "x".repeat(17 * 1024) + "\"}";

        Answer answer = http.post("/reservations", padded);

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        assertThat(answer.json().get("code").asString()).isEqualTo("PAYLOAD_TOO_LARGE");
        assertThat(reservations.findById(id)).isEmpty();
    }

    @Test
    void a_404_that_is_not_schedules_answer_is_schedule_unavailable_not_an_unknown_schedule() {
        // what a wrong SCHEDULE_URL gets: a 404 from whatever serves there, without schedule's SCHEDULE_NOT_FOUND
        schedule.answerWith(404);

        long id = newId();
        Answer answer = http.post("/reservations", booking(id, 1, 1));

        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.json().get("code").asString()).isEqualTo("SCHEDULE_UNAVAILABLE");
        assertThat(reservations.findById(id).orElseThrow().status()).isEqualTo(ReservationStatus.FAILED);
        assertThat(circuit.getMetrics().getNumberOfFailedCalls()).as("counted against schedule").isEqualTo(1);
    }

    @Test
    void schedule_down_answers_503_fast_with_retry_after_books_nothing_and_publishes_ReservationFailed() {
        schedule.stop();
        http.post("/reservations", booking(newId(), 1, 1)); // warm the refused path
        circuit.reset();

        long id = newId();
        Answer answer = http.post("/reservations", booking(id, 1, 4));
        long best = answer.millis();
        for (int i = 0; i < 2; i++) {
            best = Math.min(best, http.post("/reservations", booking(newId(), 1, 1)).millis());
        }

        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        assertThat(answer.header("Retry-After")).matches("\\d+");
        assertThat(answer.json().get("detail").asString()).contains("try again shortly");
        // the 100 ms target is measured by bin/bench; here only "answers at once, not after a timeout"
        System.out.printf("schedule down: best of 3 refusals took %d ms%n", best);
        assertThat(best).as("refused connection answers at once, not after a timeout").isLessThan(2_000);
        Reservation stored = reservations.findById(id).orElseThrow();
        assertThat(stored.status()).isEqualTo(ReservationStatus.FAILED);
        List<Event> events = topic.awaitEvent(id, ReservationFailed.TYPE);
        assertThat(events).extracting(Event::type).doesNotContain(ReservationPlaced.TYPE);
        assertThat(events.getFirst().payload()).contains(stored.holdId());
    }

    @Test
    void housekeeping_forgets_failed_attempts_past_their_retention_and_keeps_every_booking() {
        long booked = newId();
        assertThat(http.post("/reservations", booking(booked, 1, 1)).status()).isEqualTo(201);
        schedule.answerWith(500);
        long failed = newId();
        assertThat(http.post("/reservations", booking(failed, 1, 1)).status()).isEqualTo(503);
        assertThat(reservations.findById(failed).orElseThrow().status()).isEqualTo(ReservationStatus.FAILED);

        // as Housekeeping runs it once the retention (14 days) is over for both
        ExpiringRows failedAttempts = expiring.stream()
                .filter(rows -> rows.description().equals("failed booking attempts")).findFirst().orElseThrow();
        assertThat(failedAttempts.retention()).isEqualTo(Duration.ofDays(14));
        failedAttempts.deleteOlderThan().applyAsInt(Instant.now().plusSeconds(1));

        assertThat(reservations.findById(failed)).isEmpty();
        assertThat(reservations.findById(booked).orElseThrow().status()).isEqualTo(ReservationStatus.RESERVED);
    }

    @Test
    void schedule_answering_5xx_answers_503_and_publishes_ReservationFailed() {
        schedule.answerWith(500);
        long id = newId();
        Answer answer = http.post("/reservations", booking(id, 1, 1));
        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.header("Retry-After")).isNotNull();
        topic.awaitEvent(id, ReservationFailed.TYPE);
    }

    @Test
    void schedule_slower_than_250ms_answers_503_and_publishes_ReservationFailed_to_release_a_late_hold() {
        schedule.answerSlowly(Duration.ofMillis(3000));
        long id = newId();
        Answer answer = http.post("/reservations", booking(id, 1, 2));

        assertThat(answer.status()).isEqualTo(503);
        // schedule accepts the calls and is late: asked again until it has answered nobody for 6 s (twice the 3 s
        // patience, HoldRetryer), counted from an earlier test's last answer or from this call at the latest
        assertThat(answer.millis()).as("cut off by the patience, not a hang").isLessThan(7500);
        assertThat(answer.header("Retry-After")).isNotNull();
        assertThat(reservations.findById(id).orElseThrow().status()).isEqualTo(ReservationStatus.FAILED);
        topic.awaitEvent(id, ReservationFailed.TYPE);

        Answer next = http.post("/reservations", booking(newId(), 1, 1));
        assertThat(next.status()).isEqualTo(503);
        assertThat(next.millis()).as("schedule has answered nobody for 6 s: 5 attempts of 250 ms, not the budget")
                .isLessThan(2500);
    }

    @Test
    void a_schedule_that_stalls_for_two_seconds_after_answering_others_still_gives_the_customer_the_places() {
        schedule.register(4, 5);
        assertThat(http.post("/reservations", booking(newId(), 4, 1)).status()).as("schedule answers").isEqualTo(201);
        schedule.stallFor(Duration.ofMillis(2000));
        long id = newId();

        Answer answer = http.post("/reservations", booking(id, 4, 2));

        assertThat(answer.status()).as("five attempts (~1.4 s) would have given up: %s", answer.raw().body())
                .isEqualTo(201);
        assertThat(answer.millis()).as("answered once the stall was over").isGreaterThanOrEqualTo(2000);
        assertThat(schedule.availableCount(4)).as("taken once, however often it was asked").isEqualTo(2);
        assertThat(reservations.findById(id).orElseThrow().status()).isEqualTo(ReservationStatus.RESERVED);
    }

    @Test
    void a_hold_whose_answer_was_lost_to_the_timeout_is_asked_again_under_its_hold_id_and_the_customer_gets_the_places() {
        schedule.register(3, 5);
        schedule.answerLateOnce(Duration.ofMillis(600));
        long id = newId();

        Answer answer = http.post("/reservations", booking(id, 3, 2));

        assertThat(answer.status()).as(answer.raw().body()).isEqualTo(201);
        assertThat(schedule.calls()).as("the lost answer, then the same hold id again").isEqualTo(2);
        assertThat(schedule.availableCount(3)).as("taken once, not twice").isEqualTo(3);
        assertThat(reservations.findById(id).orElseThrow().status()).isEqualTo(ReservationStatus.RESERVED);
        topic.awaitEvent(id, ReservationPlaced.TYPE);
    }

    @Test
    void the_circuit_opens_after_failures_answers_without_calling_schedule_then_half_opens_and_recovers() {
        schedule.answerWith(503);
        for (int i = 0; i < 5; i++) {
            assertThat(http.post("/reservations", booking(newId(), 1, 1)).status()).isEqualTo(503);
        }
        assertThat(circuit.getState()).isEqualTo(CircuitBreaker.State.OPEN);
        Answer health = http.asOperator().get("/actuator/health");
        // the whole answer in the message: a CI run once found no state in it, and nothing said what came instead
        assertThat(health.json().at("/components/scheduleCircuit/details/state").asString())
                .as("operators and drills see the state in %s %s", health.status(), health.raw().body())
                .isEqualTo("OPEN");
        int callsWhenOpened = schedule.calls();

        long[] millis = new long[3];
        for (int i = 0; i < 3; i++) {
            long id = newId();
            Answer answer = http.post("/reservations", booking(id, 1, 1));
            millis[i] = answer.millis();
            assertThat(answer.status()).isEqualTo(503);
            assertThat(answer.header("Retry-After")).isEqualTo("1");
            assertThat(answer.json().get("detail").asString()).contains("try again shortly");
            assertThat(reservations.findById(id)).as("nothing booked").isEmpty();
        }
        java.util.Arrays.sort(millis);
        // the 100 ms target is measured by bin/bench; here the open circuit must answer without waiting on anything
        System.out.printf("circuit open: median of 3 refusals took %d ms%n", millis[1]);
        assertThat(millis[1]).as("open circuit answers at once").isLessThan(2_000);
        assertThat(schedule.calls()).as("an open circuit does not call schedule").isEqualTo(callsWhenOpened);

        schedule.answerWith(0);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(circuit::getState, state -> state == CircuitBreaker.State.HALF_OPEN);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> http.post("/reservations", booking(newId(), 1, 1)).status() == 201
                        && circuit.getState() == CircuitBreaker.State.CLOSED);
    }

    @Test
    void a_booking_the_half_open_circuit_does_not_permit_leaves_no_trace() throws Exception {
        circuit.transitionToOpenState();
        circuit.transitionToHalfOpenState();
        schedule.stallFor(Duration.ofMillis(1500));
        List<Long> trials = List.of(newId(), newId(), newId());
        try (var customers = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (long trial : trials) {
                customers.submit(() -> http.post("/reservations", booking(trial, 1, 1)));
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> trials.stream().allMatch(schedule::wasAskedFor));

            long refused = newId();
            Answer answer = http.post("/reservations", booking(refused, 1, 1));

            assertThat(answer.status()).isEqualTo(503);
            assertThat(answer.json().get("code").asString()).isEqualTo("SCHEDULE_UNAVAILABLE");
            assertThat(schedule.wasAskedFor(refused)).as("schedule was not asked").isFalse();
            assertThat(reservations.findById(refused)).as("no attempt kept").isEmpty();
            // once the trial bookings have published their outcome, the refused one has published nothing
            customers.shutdown();
            assertThat(customers.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            for (long trial : trials) {
                String outcome = reservations.findById(trial).orElseThrow().status() == ReservationStatus.RESERVED
                        ? ReservationPlaced.TYPE : ReservationFailed.TYPE;
                topic.awaitEvent(trial, outcome);
            }
            assertThat(topic.eventsFor(refused)).as("no event for a call never made").isEmpty();
        }
    }

    @Test
    void cancel_publishes_ReservationCancelled_once_even_when_repeated() {
        long id = newId();
        assertThat(http.post("/reservations", booking(id, 1, 3)).status()).isEqualTo(201);
        // Each event is relayed on its own thread, so wait for Placed to make the expected order deterministic.
        topic.awaitEvent(id, ReservationPlaced.TYPE);

        Answer first = http.delete("/reservations/" + id);
        Answer second = http.delete("/reservations/" + id);

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().get("status").asString()).isEqualTo("CANCELLED");
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.json()).isEqualTo(first.json());
        Reservation stored = reservations.findById(id).orElseThrow();
        assertThat(stored.status()).isEqualTo(ReservationStatus.CANCELLED);
        assertThat(stored.cancelledAt()).isNotNull();

        topic.awaitEvent(id, ReservationCancelled.TYPE);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> topic.eventsFor(id).stream().filter(e -> e.type().equals(ReservationCancelled.TYPE))
                        .count() == 1);
        assertThat(topic.eventsFor(id)).extracting(Event::type)
                .containsExactly(ReservationPlaced.TYPE, ReservationCancelled.TYPE);
    }

    @Test
    void cancel_of_an_unknown_reservation_answers_404() {
        Answer answer = http.delete("/reservations/" + newId());
        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void cancel_of_a_failed_booking_answers_409_and_changes_nothing() {
        schedule.stop();
        long id = newId();
        assertThat(http.post("/reservations", booking(id, 1, 1)).status()).isEqualTo(503);
        Answer answer = http.delete("/reservations/" + id);
        assertThat(answer.status()).isEqualTo(409);
        assertThat(reservations.findById(id).orElseThrow().status()).isEqualTo(ReservationStatus.FAILED);
    }

    @Test
    void a_failed_booking_can_be_retried_with_the_same_id_once_schedule_is_back() {
        schedule.stop();
        long id = newId();
        assertThat(http.post("/reservations", booking(id, 1, 2)).status()).isEqualTo(503);
        String failedHold = reservations.findById(id).orElseThrow().holdId();
        schedule.start();

        // What the 503 asks the customer to do: try again (with the same id) until it goes through.
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> http.post("/reservations", booking(id, 1, 2)).status() == 201);
        Reservation stored = reservations.findById(id).orElseThrow();
        assertThat(stored.holdId()).isNotEqualTo(failedHold);
        assertThat(topic.awaitEvent(id, ReservationPlaced.TYPE)).extracting(Event::type)
                .contains(ReservationFailed.TYPE).containsOnlyOnce(ReservationPlaced.TYPE);
    }

    @Test
    void the_same_idempotency_key_and_request_answers_the_same_booking_and_takes_the_places_once() {
        schedule.register(20, 10);
        String key = UUID.randomUUID().toString();
        String request = "{\"scheduleId\":20,\"reservationCount\":3,\"customerId\":\"retrier\"}";

        Answer first = http.post("/reservations", request, key);
        Answer again = http.post("/reservations", request, key);

        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(201);
        long id = first.json().get("reservationId").asLong();
        assertThat(again.json().get("reservationId").asLong()).as("the same booking").isEqualTo(id);
        assertThat(again.header("Location")).isEqualTo("/reservations/" + id);
        assertThat(schedule.availableCount(20)).as("taken once").isEqualTo(7);
        assertThat(topic.awaitEvent(id, ReservationPlaced.TYPE)).extracting(Event::type)
                .containsOnlyOnce(ReservationPlaced.TYPE);
    }

    @Test
    void the_same_idempotency_key_with_a_different_request_is_refused_with_422_and_changes_nothing() {
        schedule.register(21, 10);
        String key = UUID.randomUUID().toString();
        long id = http.post("/reservations", "{\"scheduleId\":21,\"reservationCount\":1}", key).json()
                .get("reservationId").asLong();

        Answer other = http.post("/reservations", "{\"scheduleId\":21,\"reservationCount\":2}", key);

        assertThat(other.status()).isEqualTo(422);
        assertThat(other.header("Content-Type")).startsWith("application/problem+json");
        assertThat(other.json().get("code").asString()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
        assertThat(schedule.availableCount(21)).isEqualTo(9);
        assertThat(reservations.findById(id).orElseThrow().reservationCount()).isEqualTo(1);
    }

    @Test
    void a_key_whose_attempt_failed_books_under_the_same_id_once_schedule_is_back() {
        String key = UUID.randomUUID().toString();
        String request = "{\"scheduleId\":1,\"reservationCount\":1,\"customerId\":\"timed-out\"}";
        schedule.stop();
        Answer failed = http.post("/reservations", request, key);
        assertThat(failed.status()).isEqualTo(503);
        long failedId = jdbc.queryForObject("select reservation_id from idempotency_key where idempotency_key = ?",
                Long.class, key);
        assertThat(reservations.findById(failedId).orElseThrow().status()).isEqualTo(ReservationStatus.FAILED);
        schedule.start();
        circuit.reset();

        Answer booked = http.post("/reservations", request, key);

        assertThat(booked.status()).as(booked.raw().body()).isEqualTo(201);
        assertThat(booked.json().get("reservationId").asLong()).isEqualTo(failedId);
    }

    @Test
    void concurrent_requests_with_one_key_book_once_and_each_hears_booked_or_in_progress() throws Exception {
        schedule.register(22, 100);
        concurrentlyWithOneKey("{\"scheduleId\":22,\"reservationCount\":1}");
        assertThat(schedule.availableCount(22)).as("one place, however many asked").isEqualTo(99);
        concurrentlyWithOneKey("{\"reservationId\":" + newId() + ",\"scheduleId\":22,\"reservationCount\":1}");
        assertThat(schedule.availableCount(22)).as("with the client's own reservationId too").isEqualTo(98);
    }

    private void concurrentlyWithOneKey(String request) throws Exception {
        String key = UUID.randomUUID().toString();
        List<Answer> answers = new java.util.ArrayList<>();
        try (var clients = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            List<java.util.concurrent.Future<Answer>> sent = new java.util.ArrayList<>();
            for (int i = 0; i < 6; i++) {
                sent.add(clients.submit(() -> http.post("/reservations", request, key)));
            }
            for (var answer : sent) {
                answers.add(answer.get());
            }
        }

        assertThat(answers).extracting(Answer::status).allMatch(status -> status == 201 || status == 409)
                .contains(201);
        assertThat(answers.stream().filter(a -> a.status() == 409).map(a -> a.json().get("code").asString()))
                .allMatch("BOOKING_IN_PROGRESS"::equals);
        assertThat(answers.stream().filter(a -> a.status() == 201).map(a -> a.json().get("reservationId").asLong())
                .distinct()).hasSize(1);
    }

    @Test
    void idempotency_keys_older_than_the_retention_are_purged() {
        String key = UUID.randomUUID().toString();
        http.post("/reservations", "{\"scheduleId\":1,\"reservationCount\":1}", key);
        jdbc.update("update idempotency_key set created_at = ? where idempotency_key = ?",
                java.sql.Timestamp.from(Instant.now().minus(Duration.ofHours(25))), key);

        assertThat(keys.deleteCreatedBefore(Instant.now().minus(Duration.ofHours(24)))).isGreaterThanOrEqualTo(1);
        assertThat(keys.existsById(key)).isFalse();
    }

    @Test
    void the_sweeper_fails_a_stale_pending_booking_and_publishes_ReservationFailed() {
        long id = newId();
        String holdId = UUID.randomUUID().toString();
        reservations.save(Reservation.pending(id, 1, 4, "c-stale", holdId,
                Instant.now().minus(Duration.ofHours(1))));

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> reservations.findById(id).orElseThrow().status() == ReservationStatus.FAILED);
        List<Event> events = topic.awaitEvent(id, ReservationFailed.TYPE);
        assertThat(events.getFirst().payload()).contains(holdId).contains("\"reservationCount\":4");
    }

    @Test
    void a_fresh_pending_booking_is_left_alone_by_the_sweeper() {
        long id = newId();
        reservations.save(Reservation.pending(id, 1, 1, null, UUID.randomUUID().toString(), Instant.now()));
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> reservations.findById(id).orElseThrow().status() == ReservationStatus.PENDING);
        reservations.deleteById(id);
    }

    @Test
    void the_customer_is_the_tokens_subject_whatever_the_body_claims() {
        long id = newId();
        Answer answer = http.as("bob").post("/reservations",
                "{\"reservationId\":" + id + ",\"scheduleId\":1,\"reservationCount\":1,\"customerId\":\"alice\"}");
        assertThat(answer.status()).isEqualTo(201);
        assertThat(answer.json().get("customerId").asString()).isEqualTo("bob");
        assertThat(reservations.findById(id).orElseThrow().customerId()).isEqualTo("bob");
    }

    @Test
    void another_customers_booking_is_not_found_to_read_or_cancel_and_stays_booked() {
        long id = newId();
        assertThat(http.post("/reservations", booking(id, 1, 2)).status()).isEqualTo(201);
        Http bob = http.as("bob");

        Answer read = bob.get("/reservations/" + id);
        Answer cancel = bob.delete("/reservations/" + id);

        assertThat(read.status()).isEqualTo(404);
        assertThat(cancel.status()).isEqualTo(404);
        assertThat(cancel.json().get("code").asString()).isEqualTo("RESERVATION_NOT_FOUND");
        assertThat(reservations.findById(id).orElseThrow().status()).isEqualTo(ReservationStatus.RESERVED);
        assertThat(bob.get("/reservations?customerId=" + http.customer()).status()).isEqualTo(403);
        assertThat(bob.get("/reservations").json().get("content").valueStream()
                .map(b -> b.get("reservationId").asLong())).doesNotContain(id);
        assertThat(http.delete("/reservations/" + id).status()).isEqualTo(200);
    }

    @Test
    void a_failed_attempt_is_retried_only_by_its_own_customer() {
        long id = newId();
        schedule.answerWith(500);
        assertThat(http.post("/reservations", booking(id, 1, 1)).status()).isEqualTo(503);
        schedule.answerWith(0);
        circuit.reset();

        assertThat(http.as("bob").post("/reservations", booking(id, 1, 1)).status()).isEqualTo(409);
        assertThat(reservations.findById(id).orElseThrow().customerId()).isEqualTo(http.customer());
        assertThat(http.post("/reservations", booking(id, 1, 1)).status()).isEqualTo(201);
    }

    @Test
    void holds_carry_reservations_own_client_token_with_the_hold_scope_fetched_once() {
        int issuedBefore = TestIssuer.get().tokensIssued();
        assertThat(http.post("/reservations", booking(newId(), 1, 1)).status()).isEqualTo(201);
        assertThat(http.post("/reservations", booking(newId(), 1, 1)).status()).isEqualTo(201);

        String[] parts = schedule.lastHoldToken().split("\\.");
        JsonNode claims = tools.jackson.databind.json.JsonMapper.builder().build()
                .readTree(java.util.Base64.getUrlDecoder().decode(parts[1]));
        assertThat(claims.get("sub").asString()).isEqualTo("reservation");
        assertThat(claims.get("scope").asString()).isEqualTo("schedule.hold");
        assertThat(TestIssuer.get().tokensIssued() - issuedBefore).as("a token is reused until it expires")
                .isLessThanOrEqualTo(1);
    }

    @Test
    void list_by_customer_answers_that_customers_bookings() {
        long id = newId();
        Http customer = http.as("c-" + id);
        assertThat(customer.post("/reservations", booking(id, 1, 1)).status()).isEqualTo(201);
        assertThat(http.post("/reservations", booking(newId(), 1, 1)).status()).isEqualTo(201);
        Answer list = customer.get("/reservations");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().get("content").size()).isEqualTo(1);
        assertThat(list.json().get("content").get(0).get("reservationId").asLong()).isEqualTo(id);
        assertThat(list.json().get("page").get("totalElements").asLong()).isEqualTo(1);
    }

    @Test
    void walking_a_customers_pages_sees_each_booking_once_in_reservation_id_order() {
        String customer = "pages-" + newId();
        Http asCustomer = http.as(customer);
        List<Long> booked = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            booked.add(newId());
        }
        for (long id : booked.reversed()) { // booked out of order, so an answer in insertion order would show
            assertThat(asCustomer.post("/reservations", booking(id, 1, 1)).status()).isEqualTo(201);
        }
        List<Long> walked = new ArrayList<>();
        for (int page = 0; page < 3; page++) {
            JsonNode answer = asCustomer.get("/reservations?customerId=" + customer + "&size=2&page=" + page).json();
            assertThat(answer.get("page").get("totalElements").asLong()).isEqualTo(5);
            assertThat(answer.get("page").get("totalPages").asLong()).isEqualTo(3);
            answer.get("content").forEach(booking -> walked.add(booking.get("reservationId").asLong()));
        }
        assertThat(walked).containsExactlyElementsOf(booked);
        assertThat(asCustomer.get("/reservations?customerId=" + customer + "&size=101").status()).isEqualTo(400);
    }

    @Test
    void readiness_and_liveness_do_not_depend_on_schedule() {
        schedule.stop();
        schedule.answerWith(500);
        Answer readiness = http.asOperator().get("/actuator/health/readiness");
        assertThat(readiness.status()).isEqualTo(200);
        assertThat(readiness.json().at("/components").propertyNames()).contains("db", "readinessState");
        assertThat(readiness.raw().body()).doesNotContain("binders").doesNotContain("circuitBreakers");
        assertThat(http.anonymous().get("/actuator/health/liveness").status()).isEqualTo(200);
    }

    @Test
    void health_says_up_or_down_to_anyone_and_shows_what_lies_behind_it_to_clinic_staff_only() {
        for (Http caller : List.of(http.anonymous(), http)) {
            for (String path : List.of("/actuator/health", "/actuator/health/readiness", "/actuator/health/liveness")) {
                Answer health = caller.get(path);
                assertThat(health.status()).as(path).isEqualTo(200);
                assertThat(health.json().propertyNames()).as("%s as %s", path, caller.customer())
                        .contains("status").doesNotContain("components", "details");
            }
        }
        Answer staff = http.asOperator().get("/actuator/health");
        assertThat(staff.json().at("/components/scheduleCircuit/details/state").asString()).isEqualTo("CLOSED");
        assertThat(staff.json().at("/components/db/details/database").isMissingNode()).isFalse();
    }

    @Test
    void every_mapped_table_and_column_is_in_the_migrated_schema() {
        MappedSchema.assertMatchesDatabase(service);
    }

    @Test
    void a_new_booking_is_inserted_without_reading_its_row_first() {
        var information = mapping.getRequiredPersistentEntity(Reservation.class);
        Reservation fresh = Reservation.pending(newId(), 1, 1, "alice", UUID.randomUUID().toString(),
                Instant.now());
        assertThat(information.isNew(fresh)).as("inserted, not updated: its id is assigned, so only the version tells").isTrue();

        Answer booked = http.post("/reservations", booking(newId(), 1, 1));
        assertThat(booked.status()).isEqualTo(201);
        Reservation stored = reservations.findById(booked.json().get("reservationId").asLong()).orElseThrow();
        assertThat(information.isNew(stored)).isFalse();
    }

    @Test
    void the_api_is_documented() {
        Answer docs = http.get("/v3/api-docs");
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.raw().body()).contains("/reservations/{reservationId}");
    }

    @Test
    void the_outbox_is_emptied_once_events_reach_kafka() {
        long id = newId();
        assertThat(http.post("/reservations", booking(id, 1, 1)).status()).isEqualTo(201);
        topic.awaitEvent(id, ReservationPlaced.TYPE);
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                "select count(*) from event_publication where serialized_event like ?", Integer.class,
                "%\"reservationId\":" + id + ",%") == 0);
    }
}
