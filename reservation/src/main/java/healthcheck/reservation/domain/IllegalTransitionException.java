package healthcheck.reservation.domain;

/** A state change the booking's current status does not allow, e.g. cancelling a booking that never completed. */
public class IllegalTransitionException extends RuntimeException {

    private final long reservationId;
    private final ReservationStatus status;

    public IllegalTransitionException(long reservationId, ReservationStatus status, String message) {
        super(message);
        this.reservationId = reservationId;
        this.status = status;
    }

    public long reservationId() {
        return reservationId;
    }

    public ReservationStatus status() {
        return status;
    }
}
