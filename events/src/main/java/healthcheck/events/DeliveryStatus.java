package healthcheck.events;

/**
 * Where a mailing stands. A booking creates it REQUESTED; an operator moves it STARTED, SHIPPED, DELIVERED;
 * a cancelled booking moves it to CANCELLED unless it was DELIVERED already.
 */
public enum DeliveryStatus {
    REQUESTED, STARTED, SHIPPED, DELIVERED, CANCELLED;

    public boolean isFinal() {
        return this == DELIVERED || this == CANCELLED;
    }
}
