package healthcheck.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A booking was placed: its places are held on the schedule under {@code holdId}. customerId may be null.
 */
public record ReservationPlaced(UUID eventId, String type, int version, Instant occurredAt,
                                long reservationId, long scheduleId, int reservationCount, String customerId,
                                String holdId)
        implements IntegrationEvent {

    public static final String TYPE = "ReservationPlaced";

    public ReservationPlaced {
        IntegrationEvent.requireHeader(eventId, type, TYPE, version, occurredAt);
        IntegrationEvent.require(reservationCount > 0, "reservationCount must be positive");
        IntegrationEvent.require(holdId != null && !holdId.isBlank(), "holdId is required");
    }

    public static ReservationPlaced of(long reservationId, long scheduleId, int reservationCount, String customerId,
                                       String holdId) {
        return new ReservationPlaced(TimeOrderedIds.next(), TYPE, 1, Instant.now(), reservationId, scheduleId,
                reservationCount, customerId, holdId);
    }

    @Override
    public String key() {
        return Long.toString(reservationId);
    }
}
