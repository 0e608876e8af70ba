package healthcheck.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** Spec 2.2: when schedule cannot answer, bookings are refused at once with "try again shortly", nothing booked. */
@Order(3)
class ScheduleOutageIT {

    @AfterAll
    static void scheduleIsBack() {
        Stack.componentsOf("schedule").forEach(Stack::start);
    }

    @Test
    void withScheduleStoppedBookingsFailFastWith503AndNothingIsBookedThenRecover() {
        Ledger ledger = new Ledger();
        long scheduleId = ledger.newSchedule(10);

        // every instance: reservation balances its holds over all of them
        Stack.componentsOf("schedule").forEach(Stack::stop);
        long slowest = 0;
        for (int i = 0; i < 10; i++) {
            long reservationId = Api.newId();
            ledger.attempted(scheduleId, reservationId, 1);
            Api.Response refused = Api.book(reservationId, scheduleId, 1, Api.ALICE);
            assertThat(refused.status()).as("answer while schedule is down: %s", refused.body()).isEqualTo(503);
            assertThat(refused.header("Content-Type")).contains("application/problem+json");
            assertThat(refused.header("Retry-After")).isNotBlank();
            assertThat(refused.body().get("detail").asString()).containsIgnoringCase("try again");
            Api.Response lookup = Api.get("/reservations/" + reservationId);
            assertThat(lookup.status() == 404 || !"RESERVED".equals(lookup.body().path("status").asString()))
                    .as("nothing booked: %s", lookup.body()).isTrue();
            slowest = Math.max(slowest, refused.millis());
        }
        // the 100 ms target is measured by the benchmark; here only "fast, not a hang" is asserted
        System.out.printf("schedule down: slowest of 10 refusals through the gateway took %d ms%n", slowest);
        assertThat(slowest).isLessThan(3_000);

        Stack.componentsOf("schedule").forEach(Stack::start);
        int booked = ledger.bookUntilThreeInARow(Stack.gateway(), scheduleId, Api.ALICE);
        // a refused attempt whose hold was taken anyway (a timeout) is released by its ReservationFailed event
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(Api.availableCount(scheduleId))
                .as("only the bookings made after recovery hold places").isEqualTo(10 - booked));
        ledger.assertCapacityConservedOnceQuiet();
    }
}
