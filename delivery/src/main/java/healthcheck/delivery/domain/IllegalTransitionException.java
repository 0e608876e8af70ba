package healthcheck.delivery.domain;

import healthcheck.events.DeliveryStatus;
import healthcheck.platform.refusal.Refusal;

/** An operator asked for a status that is not the next step forward from where the delivery stands. */
public class IllegalTransitionException extends Refusal {

    private final DeliveryStatus current;
    private final DeliveryStatus requested;

    public IllegalTransitionException(Long deliveryId, DeliveryStatus current, DeliveryStatus requested) {
        super(Kind.CONFLICT, "ILLEGAL_TRANSITION", "Illegal status change", describe(deliveryId, current, requested));
        this.current = current;
        this.requested = requested;
        property("currentStatus", current);
        property("requestedStatus", requested);
    }

    private static String describe(Long deliveryId, DeliveryStatus current, DeliveryStatus requested) {
        DeliveryStatus next = Delivery.nextOf(current);
        String allowed = next == null ? "it is " + current + " and cannot change any more" : "only " + next + " may follow";
        return "Delivery " + deliveryId + " cannot go from " + current + " to " + requested + ": " + allowed;
    }

    public DeliveryStatus current() {
        return current;
    }

    public DeliveryStatus requested() {
        return requested;
    }
}
