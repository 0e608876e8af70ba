package healthcheck.schedule.domain;

/**
 * The outcome of a take: the hold, the places left on its schedule as read once the take had committed, and whether this call created it
 * ({@code false} = a retried call answered with the first call's hold).
 */
public record HoldResult(Hold hold, int availableCount, boolean created) {
}
