package healthcheck.schedule.domain;

import healthcheck.platform.refusal.Refusal;

public class DuplicateScheduleException extends Refusal {

    public DuplicateScheduleException(long scheduleId) {
        super(Kind.CONFLICT, "DUPLICATE_SCHEDULE", "Schedule already exists",
                "Schedule " + scheduleId + " is already registered");
    }
}
