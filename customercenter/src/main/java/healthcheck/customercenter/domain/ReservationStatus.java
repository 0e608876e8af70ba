package healthcheck.customercenter.domain;

/** The booking as the customer sees it. A failed attempt never became a booking, so it has no status here. */
public enum ReservationStatus {
    RESERVED, CANCELLED
}
