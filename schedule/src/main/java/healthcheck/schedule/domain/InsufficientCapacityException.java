package healthcheck.schedule.domain;

public class InsufficientCapacityException extends RuntimeException {

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
