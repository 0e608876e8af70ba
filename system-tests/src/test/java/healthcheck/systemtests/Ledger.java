package healthcheck.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bookings a test attempted on its schedules, to check the saga's invariant once the system is quiet:
 * capacity = availableCount + places held by live (RESERVED) bookings, on every schedule.
 */
final class Ledger {

    /**
     * A load drill leaves thousands of attempts to look up: a few at a time keeps a check to seconds without
     * becoming a load of its own.
     */
    private static final int LOOKUPS_AT_ONCE = 8;

    private final Map<Long, Integer> capacities = new ConcurrentHashMap<>();
    /** Places asked for, by reservation id, by schedule: recorded by hundreds of customer threads at once. */
    private final Map<Long, Map<Long, Integer>> attempts = new ConcurrentHashMap<>();

    private void schedule(long scheduleId, int capacity) {
        capacities.put(scheduleId, capacity);
    }

    /** Registers a schedule of {@code capacity} places under a new id and keeps it in these books. */
    long newSchedule(int capacity) {
        long scheduleId = Api.newId();
        assertThat(Api.registerSchedule(scheduleId, capacity).status()).as("schedule %d registered", scheduleId)
                .isEqualTo(201);
        schedule(scheduleId, capacity);
        return scheduleId;
    }

    void attempted(long scheduleId, long reservationId, int count) {
        attempts.computeIfAbsent(scheduleId, id -> new ConcurrentHashMap<>()).put(reservationId, count);
    }

    /** A customer's booking with a new reservation id, sent to the entry point and recorded before it is sent. */
    Api.Response book(String entryPoint, long scheduleId, int count, String customerId) {
        long reservationId = Api.newId();
        attempted(scheduleId, reservationId, count);
        return Api.bookAt(entryPoint, reservationId, scheduleId, count, customerId);
    }

    /**
     * Books one place at a time through the entry point until three in a row go through: that is how a circuit
     * that closed again shows (its half-open trial calls succeeded). A refusal in between starts the count over,
     * as the circuit may reopen on a still-cold schedule. Returns how many places were booked on the way.
     */
    int bookUntilThreeInARow(String entryPoint, long scheduleId, String customerId) {
        AtomicInteger inARow = new AtomicInteger();
        AtomicInteger booked = new AtomicInteger();
        await().alias("three bookings in a row through " + entryPoint).atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500)).until(() -> {
                    if (book(entryPoint, scheduleId, 1, customerId).status() == 201) {
                        booked.incrementAndGet();
                        return inARow.incrementAndGet() >= 3;
                    }
                    inARow.set(0);
                    return false;
                });
        return booked.get();
    }

    int heldByLiveBookings(long scheduleId) {
        List<Callable<Integer>> lookups = attempts.getOrDefault(scheduleId, Map.of()).entrySet().stream()
                .map(attempt -> (Callable<Integer>) () -> heldBy(attempt.getKey(), attempt.getValue()))
                .toList();
        try (ExecutorService lookingUp = Executors.newFixedThreadPool(LOOKUPS_AT_ONCE)) {
            int held = 0;
            for (Future<Integer> places : lookingUp.invokeAll(lookups)) {
                held += places.get();
            }
            return held;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AssertionError noAnswer) {
                throw noAnswer; // the await asks again
            }
            throw e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e.getCause());
        }
    }

    /**
     * The places a booking attempt holds: its count while RESERVED, none when it failed, was cancelled or never
     * arrived (404). Any other answer (a 429 or 503 while the system is busy) is no answer: an AssertionError, so
     * the check asks again rather than count the places as free.
     */
    private static int heldBy(long reservationId, int count) {
        Api.Response reservation = Api.getAs(Api.OPERATOR, "/reservations/" + reservationId);
        assertThat(reservation.status()).as("booking %d looked up: %s", reservationId, reservation.body())
                .isIn(200, 404);
        return reservation.status() == 200 && "RESERVED".equals(reservation.body().get("status").asString())
                ? count : 0;
    }

    void assertCapacityConservedOnceQuiet() {
        for (Map.Entry<Long, Integer> schedule : capacities.entrySet()) {
            long scheduleId = schedule.getKey();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                    assertThat(Api.availableCount(scheduleId) + heldByLiveBookings(scheduleId))
                            .as("capacity of schedule %d = available + held by live bookings", scheduleId)
                            .isEqualTo(schedule.getValue()));
        }
    }
}
