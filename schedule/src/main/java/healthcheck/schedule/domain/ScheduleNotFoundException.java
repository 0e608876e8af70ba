package healthcheck.schedule.domain;

public class ScheduleNotFoundException extends RuntimeException {

    private final long scheduleId;

    public ScheduleNotFoundException(long scheduleId) {
        super("No schedule " + scheduleId);
        this.scheduleId = scheduleId;
    }

    public long scheduleId() {
        return scheduleId;
    }
}
