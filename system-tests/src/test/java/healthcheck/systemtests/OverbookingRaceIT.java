package healthcheck.systemtests;

import static java.util.stream.Collectors.counting;
import static java.util.stream.Collectors.groupingBy;
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
import tools.jackson.databind.JsonNode;

/**
 * A rush: six customers for every place, all at once, each trying once. The spec's code overbooks under
 * concurrency; ours must not, whatever the interleaving, and every customer must get a final answer the first time:
 * booked, or full. A rush is overload, not a failing schedule, so admission control queues it instead of refusing
 * it, nobody is told "try again" (no 5xx), and the circuit to schedule stays closed. With several instances of
 * schedule and reservation on one PostgreSQL (bin/stack --postgres --instances 2), the customers are spread over
 * the reservation instances, each calling its own schedule instance, so the places are taken from the same rows by
 * different processes.
 */
@Order(2)
class OverbookingRaceIT {

    private static final int PLACES = 50;
    private static final int CUSTOMERS = 300;

    @Test
    void aRushOfThreeHundredCustomersOnFiftyPlacesGetsFiftyBookingsAndTwoHundredFiftyFullAnswersAndNo5xx()
            throws Exception {
        long scheduleId = Api.newId();
        Ledger ledger = new Ledger();
        assertThat(Api.registerSchedule(scheduleId, PLACES).status()).isEqualTo(201);
        ledger.schedule(scheduleId, PLACES);

        List<String> entryPoints = Stack.reservationInstances();
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Api.Response>> pending = new ArrayList<>();
        long started;
        try (ExecutorService customers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < CUSTOMERS; i++) {
                String entryPoint = entryPoints.get(i % entryPoints.size());
                pending.add(customers.submit(() -> {
                    go.await();
                    return ledger.book(entryPoint, scheduleId, 1, "racer");
                }));
            }
            started = System.nanoTime();
            go.countDown();
        }
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
        List<Api.Response> answers = new ArrayList<>();
        for (Future<Api.Response> answer : pending) {
            answers.add(answer.get());
        }
        Map<String, Long> outcomes = answers.stream()
                .collect(groupingBy(Api.Response::outcome, TreeMap::new, counting()));
        long slowest = answers.stream().mapToLong(Api.Response::millis).max().orElse(0);
        System.out.printf("%d customers at once on %d places through %s: %s in %d ms (slowest answer %d ms)%n",
                CUSTOMERS, PLACES, entryPoints, outcomes, elapsedMillis, slowest);

        assertThat(outcomes).as("answers (status and problem code)").isEqualTo(Map.of(
                "201", (long) PLACES,
                "409 INSUFFICIENT_CAPACITY", (long) (CUSTOMERS - PLACES)));
        // each customer asks for one place, so "full" is only ever said with none left
        assertThat(answers).filteredOn(answer -> answer.status() == 409).allSatisfy(full -> {
            JsonNode left = full.body().path("availableCount");
            assertThat(left.isIntegralNumber()).as("availableCount is a number: %s", full.body()).isTrue();
            assertThat(left.asInt()).as("availableCount in %s", full.body()).isZero();
        });
        assertThat(Api.availableCount(scheduleId)).isZero();
        assertThat(ledger.heldByLiveBookings(scheduleId)).isEqualTo(PLACES);
        assertThat(Stack.reservationServices()).allSatisfy(reservation -> assertThat(Api.circuitState(reservation))
                .as("circuit to schedule of %s after the rush", reservation).isEqualTo("CLOSED"));
        ledger.assertCapacityConservedOnceQuiet();
    }
}
