package healthcheck.delivery.web;

import healthcheck.delivery.domain.DeliverySnapshot;
import healthcheck.events.DeliveryStatus;
import java.time.Instant;
import java.util.List;

record DeliveryResponse(long deliveryId, long reservationId, DeliveryStatus status, Instant createdAt,
                        Instant updatedAt, List<Step> history) {

    record Step(DeliveryStatus status, Instant at) {
    }

    static DeliveryResponse of(DeliverySnapshot delivery) {
        return new DeliveryResponse(delivery.deliveryId(), delivery.reservationId(), delivery.status(),
                delivery.createdAt(), delivery.updatedAt(),
                delivery.history().stream().map(step -> new Step(step.status(), step.at())).toList());
    }
}
