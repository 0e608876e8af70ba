package healthcheck.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The booking rush (issue 7): a crowd four times a schedule's places, all at once, each customer sending one request
 * and never retrying. Exactly as many bookings as places, a 409 saying the schedule is full for everyone else, and no
 * 5xx: the spec's code overbooks under concurrency, and a system that sheds the rush with 503s leaves customers to
 * retry their way in. With several instances of schedule and reservation on one PostgreSQL (bin/stack --postgres
 * --instances 2) the customers are spread over the reservation instances, each calling its own schedule instance,
 * so the places are taken from the same rows by different processes.
 */
@Order(2)
class OverbookingRaceIT {

    private static final int PLACES = 50;
    private static final int CUSTOMERS = 200;

    @Test
    void twoHundredCustomersAtOnceWithoutRetriesOnFiftyPlacesGetFiftyBookingsAndOneHundredFiftyFullAnswers()
            throws Exception {
        Ledger ledger = new Ledger();
        long scheduleId = ledger.newSchedule(PLACES);

        List<String> entryPoints = Stack.reservationInstances();
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Api.Response>> answers = new ArrayList<>();
        long started;
        try (ExecutorService customers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < CUSTOMERS; i++) {
                String entryPoint = entryPoints.get(i % entryPoints.size());
                long reservationId = Api.newId();
                ledger.attempted(scheduleId, reservationId, 1);
                answers.add(customers.submit(() -> {
                    go.await();
                    return Api.bookAt(entryPoint, reservationId, scheduleId, 1, Api.ALICE);
                }));
            }
            started = System.nanoTime();
            go.countDown();
        }
        Map<String, Integer> told = new TreeMap<>();
        long slowest = 0;
        for (Future<Api.Response> future : answers) {
            Api.Response answer = future.get();
            told.merge(answer.outcome(), 1, Integer::sum);
            slowest = Math.max(slowest, answer.millis());
            if (answer.status() == 409) {
                assertThat(answer.body().path("availableCount").asInt(-1)).as("a full answer says none are left")
                        .isZero();
            }
        }
        System.out.printf("%d customers at once on %d places through %s, no retries: %s in %d ms (slowest answer %d ms)%n",
                CUSTOMERS, PLACES, entryPoints, told, (System.nanoTime() - started) / 1_000_000, slowest);

        assertThat(told).as("answers; what reservation warned of: %n%s",
                        Stack.logLines("reservation", 12, "Booking refused", "Circuit to schedule"))
                .isEqualTo(Map.of("201", PLACES, "409 INSUFFICIENT_CAPACITY", CUSTOMERS - PLACES));
        assertThat(Api.availableCount(scheduleId)).isZero();
        assertThat(ledger.heldByLiveBookings(scheduleId)).isEqualTo(PLACES);
        ledger.assertCapacityConservedOnceQuiet();
    }
}
