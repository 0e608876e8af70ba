package healthcheck.reservation.domain;

import healthcheck.platform.refusal.Refusal;

/** A state change the booking's current status does not allow, e.g. cancelling a booking that never completed. */
public class IllegalTransitionException extends Refusal {

    private final long reservationId;
    private final ReservationStatus status;

    public IllegalTransitionException(long reservationId, ReservationStatus status, String message) {
        super(Kind.CONFLICT, "ILLEGAL_TRANSITION", "Reservation cannot change that way", message);
        this.reservationId = reservationId;
        this.status = status;
        property("status", status.name());
    }

    public long reservationId() {
        return reservationId;
    }

    public ReservationStatus status() {
        return status;
    }
}
