package healthcheck.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Spec 2.2 with schedule slow rather than down, the harder case: its fault switch (the stack runs with the Spring
 * profile faults) holds every hold call past reservation's 250 ms budget. Until the circuit opens, each booking
 * costs a customer the whole budget; once it is open, bookings are refused at once without calling schedule, and
 * once schedule is quick again the circuit closes. Holds the slow schedule took after their callers had given up
 * must not keep places.
 */
@Order(7)
class SlowScheduleIT {

    private static final int PLACES = 20;
    /** Past the 250 ms read timeout, so every call to schedule times out rather than being merely slow. */
    private static final int SLOW_HOLD_MILLIS = 400;
    private static final int REFUSALS_WHILE_OPEN = 20;

    @Test
    void aSlowScheduleOpensTheCircuitSoBookingsAreRefusedFastThenItRecovers() {
        Ledger ledger = new Ledger();
        long scheduleId = ledger.newSchedule(PLACES);

        // the gateway routes to the first reservation instance, whose circuit its first service URL shows
        List<String> entryPoints = Stack.reservationInstances();
        List<String> reservations = Stack.reservationServices();
        try {
            holdDelayOnEverySchedule(SLOW_HOLD_MILLIS);
            for (int k = 0; k < entryPoints.size(); k++) {
                String entryPoint = entryPoints.get(k);
                String reservation = reservations.get(k);
                await().alias("the circuit of " + reservation + " opens").atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(50)).until(() -> {
                            if ("OPEN".equals(Api.circuitState(reservation))) {
                                return true;
                            }
                            assertToldToTryAgainShortly(ledger.book(entryPoint, scheduleId, 1, Api.ALICE),
                                    "while schedule is slow");
                            return false;
                        });
                // right away: the circuit stays open 5 s before it tries schedule again
                long slowest = 0;
                for (int i = 0; i < REFUSALS_WHILE_OPEN; i++) {
                    Api.Response refused = ledger.book(entryPoint, scheduleId, 1, Api.ALICE);
                    assertToldToTryAgainShortly(refused, "with the circuit open");
                    slowest = Math.max(slowest, refused.millis());
                }
                // the latency target is the benchmark's to measure; here only "without waiting on schedule"
                System.out.printf("schedule slow, circuit open: slowest of %d refusals through %s took %d ms%n",
                        REFUSALS_WHILE_OPEN, entryPoint, slowest);
                assertThat(slowest).as("slowest refusal with the circuit open, in ms").isLessThan(1_000);
            }
        } finally {
            holdDelayOnEverySchedule(0);
        }

        int booked = entryPoints.stream()
                .mapToInt(entryPoint -> ledger.bookUntilThreeInARow(entryPoint, scheduleId, Api.ALICE)).sum();
        // holds schedule took after their callers had timed out are given back by each ReservationFailed event
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(Api.availableCount(scheduleId)).as("only the bookings made after recovery hold places")
                        .isEqualTo(PLACES - booked));
        ledger.assertCapacityConservedOnceQuiet();
    }

    private static void assertToldToTryAgainShortly(Api.Response refused, String when) {
        assertThat(refused.status()).as("answer %s: %s", when, refused.body()).isEqualTo(503);
        assertThat(refused.problemCode()).as("problem+json code %s: %s", when, refused.body())
                .isEqualTo("SCHEDULE_UNAVAILABLE");
        assertThat(refused.header("Retry-After")).as("Retry-After %s", when).isNotBlank();
    }

    private static void holdDelayOnEverySchedule(int millis) {
        for (String schedule : Stack.scheduleServices()) {
            Api.Response set = Api.putAt(schedule, "/faults/hold-delay", "{\"millis\":%d}".formatted(millis));
            assertThat(set.status()).as("hold delay %d ms on %s (the stack runs with STACK_PROFILE=faults): %s",
                    millis, schedule, set.body()).isEqualTo(200);
        }
    }
}
