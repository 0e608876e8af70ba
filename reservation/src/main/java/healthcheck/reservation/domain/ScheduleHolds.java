package healthcheck.reservation.domain;

import healthcheck.platform.refusal.Refusal;
import java.time.Duration;

/**
 * Takes places on a schedule for one booking attempt. Implementations answer with the places left, or throw one
 * of the nested exceptions: the first three are schedule's business answers, the last a technical failure.
 */
public interface ScheduleHolds {

    /** Takes {@code count} places under {@code holdId}; repeating the same holdId never takes twice. */
    int take(long scheduleId, String holdId, long reservationId, int count);

    /**
     * Throws {@link ScheduleUnavailableException} when a call is known to be refused right now (open circuit),
     * so a booking can be turned away before anything is written.
     */
    default void checkAvailable() {
    }

    /**
     * Throws {@link InsufficientCapacityException} when a call to schedule sent after {@code askedAtNanos} (a
     * {@link System#nanoTime()} reading taken when the booking arrived) already found fewer than {@code count}
     * places left. Such a booking was in flight at the moment schedule counted, so "full as of then" is a true
     * answer for it, given without another call and without writing anything. Bookings that arrive later always ask
     * schedule ({@link #refuseIfStillFull}), so a place given back is never hidden from them.
     */
    default void refuseIfSeenFull(long scheduleId, int count, long askedAtNanos) {
    }

    /**
     * Throws {@link InsufficientCapacityException} when schedule was last seen with fewer than {@code count} places
     * left and a read of it now still finds fewer; otherwise returns, having taken nothing. Once a schedule is full,
     * a booking that arrives later is told so after one read, made after it arrived, instead of after recording an
     * attempt, a take that fails and the attempt's removal (a commit each here and a rolled-back take in schedule,
     * all written to disk). A place given back shows in the read, and the booking goes on to take it.
     */
    default void refuseIfStillFull(long scheduleId, int count) {
    }

    class ScheduleNotFoundException extends Refusal {
        private final long scheduleId;

        public ScheduleNotFoundException(long scheduleId) {
            super(Kind.NOT_FOUND, "SCHEDULE_NOT_FOUND", "Schedule not found",
                    "Schedule " + scheduleId + " does not exist");
            this.scheduleId = scheduleId;
        }

        public long scheduleId() {
            return scheduleId;
        }
    }

    /** Fewer places left than asked; {@code availableCount} 0 means the schedule is full. */
    class InsufficientCapacityException extends Refusal {
        private final long scheduleId;
        private final int availableCount;

        public InsufficientCapacityException(long scheduleId, int availableCount) {
            super(Kind.CONFLICT, "INSUFFICIENT_CAPACITY", "Not enough places",
                    "Only " + availableCount + " places left on schedule " + scheduleId);
            this.scheduleId = scheduleId;
            this.availableCount = availableCount;
            property("availableCount", availableCount);
        }

        public long scheduleId() {
            return scheduleId;
        }

        public int availableCount() {
            return availableCount;
        }
    }

    /** Schedule already released this hold: the attempt was declared failed before its take arrived. */
    class HoldReleasedException extends Refusal {
        public HoldReleasedException(String holdId) {
            super(Kind.CONFLICT, "HOLD_RELEASED", "Booking attempt expired",
                    "This booking attempt expired before the places could be taken; please try again.");
        }
    }

    /**
     * Schedule could not be asked: refused, timed out, failed, or the circuit is open. The client is told only
     * that nothing was booked and when to try again; {@link #reason()} is for the log.
     */
    class ScheduleUnavailableException extends Refusal {
        private final String reason;
        private final long retryAfterSeconds;
        private final boolean refusedWithoutCalling;

        public ScheduleUnavailableException(String reason, long retryAfterSeconds, Throwable cause) {
            this(reason, retryAfterSeconds, cause, false);
        }

        private ScheduleUnavailableException(String reason, long retryAfterSeconds, Throwable cause,
                boolean refusedWithoutCalling) {
            super(Kind.UNAVAILABLE, "SCHEDULE_UNAVAILABLE", "Booking temporarily unavailable",
                    "Booking is temporarily unavailable; nothing was booked. Please try again shortly.", cause);
            this.reason = reason;
            this.retryAfterSeconds = retryAfterSeconds;
            this.refusedWithoutCalling = refusedWithoutCalling;
            retryAfter(Duration.ofSeconds(retryAfterSeconds));
        }

        /** Schedule was not called at all: the circuit is open (or half-open and its trial calls are taken). */
        public static ScheduleUnavailableException circuitOpen(long retryAfterSeconds) {
            return new ScheduleUnavailableException("circuit to schedule is open", retryAfterSeconds, null, true);
        }

        public String reason() {
            return reason;
        }

        public long retryAfterSeconds() {
            return retryAfterSeconds;
        }

        public boolean refusedWithoutCalling() {
            return refusedWithoutCalling;
        }
    }
}
