package healthcheck.platform.housekeeping;

import java.time.Duration;
import java.time.Instant;
import java.util.function.ToIntFunction;

/**
 * Rows a service keeps only for a while, declared as a bean: {@link Housekeeping} deletes the ones older than
 * {@code retention}. What a service keeps for good (bookings, schedules, mailings) is never declared here.
 *
 * @param description what they are, for the log ("released holds")
 * @param deleteOlderThan deletes the rows from before the cutoff and says how many
 */
public record ExpiringRows(String description, Duration retention, ToIntFunction<Instant> deleteOlderThan) {

    public ExpiringRows {
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("The retention of " + description + " must be positive: " + retention);
        }
    }
}
