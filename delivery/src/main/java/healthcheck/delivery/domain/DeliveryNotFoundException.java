package healthcheck.delivery.domain;

public class DeliveryNotFoundException extends RuntimeException {

    private final long deliveryId;

    public DeliveryNotFoundException(long deliveryId) {
        super("No delivery " + deliveryId);
        this.deliveryId = deliveryId;
    }

    public long deliveryId() {
        return deliveryId;
    }
}
