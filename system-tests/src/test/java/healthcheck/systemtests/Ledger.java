package healthcheck.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The bookings a test attempted on its schedules, to check the saga's invariant once the system is quiet:
 * capacity = availableCount + places held by live (RESERVED) bookings, on every schedule.
 */
final class Ledger {

    private final Map<Long, Integer> capacities = new ConcurrentHashMap<>();
    private final Map<Long, List<long[]>> attempts = new ConcurrentHashMap<>();

    void schedule(long scheduleId, int capacity) {
        capacities.put(scheduleId, capacity);
    }

    void attempted(long scheduleId, long reservationId, int count) {
        attempts.computeIfAbsent(scheduleId, id -> new CopyOnWriteArrayList<>()).add(new long[] {reservationId, count});
    }

    int heldByLiveBookings(long scheduleId) {
        int held = 0;
        for (long[] attempt : attempts.getOrDefault(scheduleId, List.of())) {
            Api.Response reservation = Api.get("/reservations/" + attempt[0]);
            if (reservation.status() == 200 && "RESERVED".equals(reservation.body().get("status").asString())) {
                held += (int) attempt[1];
            }
        }
        return held;
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
