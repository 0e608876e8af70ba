package healthcheck.reservation.domain;

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
     * schedule, so a place given back is never hidden from them.
     */
    default void refuseIfSeenFull(long scheduleId, int count, long askedAtNanos) {
    }

    class ScheduleNotFoundException extends RuntimeException {
        private final long scheduleId;

        public ScheduleNotFoundException(long scheduleId) {
            super("Schedule " + scheduleId + " does not exist");
            this.scheduleId = scheduleId;
        }

        public long scheduleId() {
            return scheduleId;
        }
    }

    class InsufficientCapacityException extends RuntimeException {
        private final long scheduleId;
        private final int availableCount;

        public InsufficientCapacityException(long scheduleId, int availableCount) {
            super("Only " + availableCount + " places left on schedule " + scheduleId);
            this.scheduleId = scheduleId;
            this.availableCount = availableCount;
        }

        public long scheduleId() {
            return scheduleId;
        }

        public int availableCount() {
            return availableCount;
        }
    }

    /** Schedule already released this hold: the attempt was declared failed before its take arrived. */
    class HoldReleasedException extends RuntimeException {
        public HoldReleasedException(String holdId) {
            super("Hold " + holdId + " was already released");
        }
    }

    /** Schedule could not be asked: refused, timed out, failed, or the circuit is open. */
    class ScheduleUnavailableException extends RuntimeException {
        private final long retryAfterSeconds;
        private final boolean refusedWithoutCalling;

        public ScheduleUnavailableException(String message, long retryAfterSeconds, Throwable cause) {
            super(message, cause);
            this.retryAfterSeconds = retryAfterSeconds;
            this.refusedWithoutCalling = false;
        }

        private ScheduleUnavailableException(long retryAfterSeconds) {
            // refused by an open circuit, possibly thousands of times a second: no stack trace to fill in
            super("circuit to schedule is open", null, false, false);
            this.retryAfterSeconds = retryAfterSeconds;
            this.refusedWithoutCalling = true;
        }

        /** Schedule was not called at all: the circuit is open (or half-open and its trial calls are taken). */
        public static ScheduleUnavailableException circuitOpen(long retryAfterSeconds) {
            return new ScheduleUnavailableException(retryAfterSeconds);
        }

        public long retryAfterSeconds() {
            return retryAfterSeconds;
        }

        public boolean refusedWithoutCalling() {
            return refusedWithoutCalling;
        }
    }
}
