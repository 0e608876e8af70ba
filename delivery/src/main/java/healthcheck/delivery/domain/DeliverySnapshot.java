package healthcheck.delivery.domain;

import healthcheck.events.DeliveryStatus;
import java.time.Instant;
import java.util.List;

/**
 * A delivery as read inside its transaction, as plain values: callers outside it get no aggregate to change, so
 * every change goes through {@link Deliveries}, with its version check and its event.
 */
public record DeliverySnapshot(long deliveryId, long reservationId, DeliveryStatus status, Instant createdAt,
                               Instant updatedAt, List<Step> history) {

    public record Step(int sequence, DeliveryStatus status, Instant at) {
    }

    static DeliverySnapshot of(Delivery delivery) {
        return new DeliverySnapshot(delivery.id(), delivery.reservationId(), delivery.status(), delivery.createdAt(),
                delivery.updatedAt(), delivery.history().stream()
                        .map(step -> new Step(step.sequence(), step.status(), step.at()))
                        .toList());
    }
}
