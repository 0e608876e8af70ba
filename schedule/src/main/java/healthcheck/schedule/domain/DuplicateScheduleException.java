package healthcheck.schedule.domain;

public class DuplicateScheduleException extends RuntimeException {

    public DuplicateScheduleException(long scheduleId) {
        super("Schedule " + scheduleId + " is already registered");
    }
}
