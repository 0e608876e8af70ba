package healthcheck.events;

import java.time.Instant;
import java.util.UUID;

/** A placed booking was cancelled by the customer: its mailing is to be cancelled and its hold released. */
public record ReservationCancelled(UUID eventId, String type, int version, Instant occurredAt,
                                   long reservationId, long scheduleId, int reservationCount, String customerId,
                                   String holdId)
        implements IntegrationEvent {

    public static final String TYPE = "ReservationCancelled";

    public ReservationCancelled {
        IntegrationEvent.requireHeader(eventId, type, TYPE, version, occurredAt);
        IntegrationEvent.require(reservationCount > 0, "reservationCount must be positive");
        IntegrationEvent.require(holdId != null && !holdId.isBlank(), "holdId is required");
    }

    public static ReservationCancelled of(long reservationId, long scheduleId, int reservationCount,
                                          String customerId, String holdId) {
        return new ReservationCancelled(TimeOrderedIds.next(), TYPE, 1, Instant.now(), reservationId, scheduleId,
                reservationCount, customerId, holdId);
    }

    @Override
    public String key() {
        return Long.toString(reservationId);
    }
}
