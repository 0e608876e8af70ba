package healthcheck.schedule.domain;

import healthcheck.platform.refusal.Refusal;

public class ScheduleNotFoundException extends Refusal {

    private final long scheduleId;

    public ScheduleNotFoundException(long scheduleId) {
        super(Kind.NOT_FOUND, "SCHEDULE_NOT_FOUND", "Schedule not found",
                "No schedule " + scheduleId);
        this.scheduleId = scheduleId;
    }

    public long scheduleId() {
        return scheduleId;
    }
}
