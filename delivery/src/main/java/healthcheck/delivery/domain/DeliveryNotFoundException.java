package healthcheck.delivery.domain;

import healthcheck.platform.refusal.Refusal;

public class DeliveryNotFoundException extends Refusal {

    private final long deliveryId;

    public DeliveryNotFoundException(long deliveryId) {
        super(Kind.NOT_FOUND, "DELIVERY_NOT_FOUND", "Delivery not found", "No delivery " + deliveryId);
        this.deliveryId = deliveryId;
    }

    public long deliveryId() {
        return deliveryId;
    }
}
