package healthcheck.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A booking attempt did not complete after its hold may have been taken (timeout, crash between the calls):
 * schedule must release the hold {@code holdId} if it exists, and refuse it if it arrives later.
 */
public record ReservationFailed(UUID eventId, String type, int version, Instant occurredAt,
                                long reservationId, long scheduleId, int reservationCount, String holdId,
                                String reason)
        implements IntegrationEvent {

    public static final String TYPE = "ReservationFailed";

    public ReservationFailed {
        IntegrationEvent.requireHeader(eventId, type, TYPE, version, occurredAt);
        IntegrationEvent.require(holdId != null && !holdId.isBlank(), "holdId is required");
    }

    public static ReservationFailed of(long reservationId, long scheduleId, int reservationCount, String holdId,
                                       String reason) {
        return new ReservationFailed(TimeOrderedIds.next(), TYPE, 1, Instant.now(), reservationId, scheduleId,
                reservationCount, holdId, reason);
    }

    @Override
    public String key() {
        return Long.toString(reservationId);
    }
}
