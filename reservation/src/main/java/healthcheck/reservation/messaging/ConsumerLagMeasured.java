package healthcheck.reservation.messaging;

/**
 * The worst live consumer group's lag at one poll ({@link ConsumerLag}), in events not yet worked through; -1 when
 * Kafka could not be asked.
 */
public record ConsumerLagMeasured(long worst) {
}
