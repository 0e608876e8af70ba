package healthcheck.reservation.domain;

/**
 * PENDING while the places are being taken on the schedule; RESERVED once they are; CANCELLED by the customer
 * afterwards; FAILED when the attempt ended without a booking after places may have been taken.
 */
public enum ReservationStatus {
    PENDING, RESERVED, CANCELLED, FAILED
}
