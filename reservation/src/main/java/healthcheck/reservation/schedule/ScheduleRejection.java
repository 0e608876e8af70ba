package healthcheck.reservation.schedule;

/**
 * Schedule answered, and the answer was no (unknown schedule, not enough places, hold released). These are
 * business outcomes of a healthy schedule, so the circuit breaker is configured to ignore this type: counting
 * them as failures would open the circuit on a busy, sold-out schedule.
 */
public class ScheduleRejection extends RuntimeException {

    private final int status;
    private final String code;
    private final Integer availableCount;

    ScheduleRejection(int status, String code, Integer availableCount, String detail) {
        super("schedule answered " + status + (code == null ? "" : " " + code) + (detail == null ? "" : ": " + detail),
                null, false, false);
        this.status = status;
        this.code = code;
        this.availableCount = availableCount;
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    Integer availableCount() {
        return availableCount;
    }
}
