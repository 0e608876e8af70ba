package healthcheck.reservation.domain;

/** The key's first request is still being booked: its outcome is not known yet, so it cannot be answered again. */
public class BookingInProgressException extends RuntimeException {

    private final long reservationId;

    public BookingInProgressException(long reservationId) {
        super("The booking request with this Idempotency-Key (reservation " + reservationId
                + ") is still in progress; ask again in a moment");
        this.reservationId = reservationId;
    }

    public long reservationId() {
        return reservationId;
    }
}
