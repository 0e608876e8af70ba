package healthcheck.reservation.messaging;

import java.time.Duration;

/**
 * The consumers' lag at one poll ({@link ConsumerLag}): {@code worst}, the events the worst live group has not
 * worked through, -1 when Kafka could not be asked; {@code oldest}, how long the oldest event a live group has not
 * worked through has waited (short by at most one poll), zero when none waits or Kafka could not be asked.
 */
public record ConsumerLagMeasured(long worst, Duration oldest) {

    public ConsumerLagMeasured {
        if (oldest == null || oldest.isNegative()) {
            throw new IllegalArgumentException("the oldest event's wait is a duration >= 0; got " + oldest);
        }
    }

    /** Kafka could not be asked. */
    public static ConsumerLagMeasured unknown() {
        return new ConsumerLagMeasured(-1, Duration.ZERO);
    }

    public boolean known() {
        return worst >= 0;
    }
}
