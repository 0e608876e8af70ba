package healthcheck.events;

import java.time.Instant;
import java.util.UUID;

/**
 * The mailing of questionnaire and notice for a reservation reached a new status. {@code sequence} counts the
 * steps of one delivery from 1, so a reader can tell a late, older step from a newer one.
 */
public record DeliveryStatusChanged(UUID eventId, String type, int version, Instant occurredAt,
                                    long deliveryId, long reservationId, DeliveryStatus status, int sequence)
        implements IntegrationEvent {

    public static final String TYPE = "DeliveryStatusChanged";

    public DeliveryStatusChanged {
        IntegrationEvent.requireHeader(eventId, type, TYPE, version, occurredAt);
        IntegrationEvent.require(status != null, "status is required");
        IntegrationEvent.require(sequence >= 1, "sequence must be at least 1");
    }

    public static DeliveryStatusChanged of(long deliveryId, long reservationId, DeliveryStatus status, int sequence,
                                           Instant at) {
        return new DeliveryStatusChanged(TimeOrderedIds.next(), TYPE, 1, at, deliveryId, reservationId, status,
                sequence);
    }

    @Override
    public String key() {
        return Long.toString(reservationId);
    }
}
