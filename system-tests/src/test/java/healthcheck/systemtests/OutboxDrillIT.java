package healthcheck.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Issue 8.3: the outbox never strands an event. Reservation's fault switch (profile {@code faults}) holds its
 * outbox sends after the commit, so a drill can stop or kill it between the booking's commit (the customer has
 * their 201) and Kafka's acknowledgement. The booking's MyPage, which customercenter builds only from the
 * event, shows when the event got through.
 */
@Order(10)
class OutboxDrillIT {

    private static final String FIRST_RESERVATION = "reservation";
    private static final int PLACES = 10;

    @AfterEach
    void reservationIsBack() {
        Stack.start(FIRST_RESERVATION);
    }

    @Test
    void aGracefulStopWaitsForTheSendsInFlightSoItsLastBookingsReachKafka() {
        long scheduleId = Api.newId();
        long reservationId = bookWithItsEventHeldBack(scheduleId, 2, 8_000);

        // SIGTERM; returns once the process is gone. A stop that did not wait would leave the event to a restart
        // (embedded) or to the other instance's staleness check, 20 s or more later (PostgreSQL).
        Stack.stop(FIRST_RESERVATION);

        await().alias("the booking's MyPage, right after reservation stopped").atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> Api.get("/myPages/" + reservationId).status() == 200);
        assertBookedAndMailed(reservationId, scheduleId, 2);
    }

    @Test
    void aBookingWhoseServiceWasKilledBetweenCommitAndAcknowledgementStillReachesKafka() {
        long scheduleId = Api.newId();
        long reservationId = bookWithItsEventHeldBack(scheduleId, 3, 120_000);

        Stack.kill(FIRST_RESERVATION);
        if (Stack.instances() == 1) {
            // alone, it sends what it left incomplete when it starts again
            Stack.start(FIRST_RESERVATION);
        }
        // with several instances the killed one stays down: a live instance finds the stale publication and
        // sends it (staleness 20 s, checked every 10 s, resent within 2 s)
        await().alias("the booking's MyPage after reservation was killed").atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> Api.get("/myPages/" + reservationId).status() == 200);
        assertBookedAndMailed(reservationId, scheduleId, 3);
    }

    private static void assertBookedAndMailed(long reservationId, long scheduleId, int places) {
        Stack.start(FIRST_RESERVATION);
        Api.Response booking = Api.get("/reservations/" + reservationId);
        assertThat(booking.status()).isEqualTo(200);
        assertThat(booking.body().get("status").asString()).isEqualTo("RESERVED");
        assertThat(Api.availableCount(scheduleId)).isEqualTo(PLACES - places);
        await().alias("the booking's mailing").atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(Api.get("/myPages/" + reservationId).body().path("deliveryStatus").stringValue(null))
                        .isEqualTo("REQUESTED"));
    }

    /**
     * Books {@code places} on a new schedule at the first reservation instance, whose outbox sends are held for
     * {@code holdMillis} after their commit: the customer has their 201, Kafka has nothing yet.
     */
    private static long bookWithItsEventHeldBack(long scheduleId, int places, int holdMillis) {
        String reservation = Stack.reservationServices().getFirst();
        assertThat(Api.registerSchedule(scheduleId, PLACES).status()).isEqualTo(201);
        Api.Response held = Api.putAt(reservation, "/faults/relay-delay", "{\"millis\":%d}".formatted(holdMillis));
        assertThat(held.status()).as("relay delay on %s (the stack runs with STACK_PROFILE=faults): %s",
                reservation, held.body()).isEqualTo(200);
        long reservationId = Api.newId();
        assertThat(Api.bookAt(reservation, reservationId, scheduleId, places, Api.ALICE).status())
                .isEqualTo(201);
        assertThat(Api.get("/myPages/" + reservationId).status()).as("the event is held back").isEqualTo(404);
        return reservationId;
    }
}
