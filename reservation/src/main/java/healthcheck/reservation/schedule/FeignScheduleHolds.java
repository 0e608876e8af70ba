package healthcheck.reservation.schedule;

import healthcheck.reservation.domain.ScheduleHolds;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** {@link ScheduleHolds} over HTTP: maps schedule's answers and failures to the domain's outcomes. */
@Component
class FeignScheduleHolds implements ScheduleHolds {

    private static final Logger log = LoggerFactory.getLogger(FeignScheduleHolds.class);

    private final ScheduleClient client;
    private final CircuitBreakerRegistry circuitBreakers;
    /** Per schedule, the places left as seen by the most recently sent call that got an answer. */
    private final Map<Long, Seen> lastSeen = new ConcurrentHashMap<>();

    private record Seen(long sentAtNanos, int availableCount) {
    }

    FeignScheduleHolds(ScheduleClient client, CircuitBreakerRegistry circuitBreakers) {
        this.client = client;
        this.circuitBreakers = circuitBreakers;
    }

    @Override
    public int take(long scheduleId, String holdId, long reservationId, int count) {
        long sentAt = System.nanoTime();
        try {
            int left = client.takeHold(scheduleId, new ScheduleClient.HoldRequest(holdId, reservationId, count))
                    .availableCount();
            seen(scheduleId, sentAt, left);
            return left;
        } catch (ScheduleRejection rejection) {
            if (rejection.status() == 404) {
                throw new ScheduleNotFoundException(scheduleId);
            }
            if ("HOLD_RELEASED".equals(rejection.code())) {
                throw new HoldReleasedException(holdId);
            }
            int left = rejection.availableCount() == null ? 0 : rejection.availableCount();
            seen(scheduleId, sentAt, left);
            throw new InsufficientCapacityException(scheduleId, left);
        } catch (RuntimeException e) {
            throw unavailable(e);
        }
    }

    @Override
    public void refuseIfStillFull(long scheduleId, int count) {
        Seen seen = lastSeen.get(scheduleId);
        if (seen == null || seen.availableCount() >= count) {
            return;
        }
        long sentAt = System.nanoTime();
        int left;
        try {
            left = client.places(scheduleId).availableCount();
        } catch (ScheduleRejection rejection) {
            if (rejection.status() == 404) {
                throw new ScheduleNotFoundException(scheduleId);
            }
            throw unavailable(rejection);
        } catch (RuntimeException e) {
            throw unavailable(e);
        }
        seen(scheduleId, sentAt, left);
        if (left < count) {
            throw new InsufficientCapacityException(scheduleId, left);
        }
    }

    private ScheduleUnavailableException unavailable(RuntimeException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof CallNotPermittedException) {
                return ScheduleUnavailableException.circuitOpen(retryAfterSeconds());
            }
        }
        // refusals by an open circuit are not logged one by one: ScheduleCircuitHealth logs its changes
        log.warn("Booking refused, schedule unavailable: {}", e.toString());
        return new ScheduleUnavailableException(e.getMessage(), retryAfterSeconds(), e);
    }

    private void seen(long scheduleId, long sentAt, int availableCount) {
        lastSeen.merge(scheduleId, new Seen(sentAt, availableCount),
                (known, now) -> now.sentAtNanos() - known.sentAtNanos() > 0 ? now : known);
    }

    @Override
    public void refuseIfSeenFull(long scheduleId, int count, long askedAtNanos) {
        Seen seen = lastSeen.get(scheduleId);
        if (seen != null && seen.sentAtNanos() - askedAtNanos > 0 && seen.availableCount() < count) {
            throw new InsufficientCapacityException(scheduleId, seen.availableCount());
        }
    }

    @Override
    public void checkAvailable() {
        // Only OPEN: a HALF_OPEN circuit needs real calls to decide whether schedule is back.
        if (circuitBreakers.circuitBreaker(ScheduleClient.NAME).getState() == CircuitBreaker.State.OPEN) {
            throw ScheduleUnavailableException.circuitOpen(retryAfterSeconds());
        }
    }

    /** How long an open circuit stays open: the earliest moment a retry can get through. */
    private long retryAfterSeconds() {
        long millis = circuitBreakers.circuitBreaker(ScheduleClient.NAME).getCircuitBreakerConfig()
                .getWaitIntervalFunctionInOpenState().apply(1);
        return Math.max(1, (millis + 999) / 1000);
    }
}
