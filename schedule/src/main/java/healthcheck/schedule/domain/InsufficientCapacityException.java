package healthcheck.schedule.domain;

import healthcheck.platform.refusal.Refusal;

public class InsufficientCapacityException extends Refusal {

    private final long scheduleId;
    private final int availableCount;

    public InsufficientCapacityException(long scheduleId, int availableCount) {
        super(Kind.CONFLICT, "INSUFFICIENT_CAPACITY", "Not enough places",
                "Only " + availableCount + " places left on schedule " + scheduleId);
        this.scheduleId = scheduleId;
        this.availableCount = availableCount;
        property("availableCount", availableCount);
        property("scheduleId", scheduleId);
    }

    public long scheduleId() {
        return scheduleId;
    }

    public int availableCount() {
        return availableCount;
    }
}
