package healthcheck.reservation.domain;

import healthcheck.platform.refusal.Refusal;

public class DuplicateReservationException extends Refusal {

    public DuplicateReservationException(long reservationId) {
        super(Kind.CONFLICT, "DUPLICATE_RESERVATION", "Reservation already exists",
                "Reservation " + reservationId + " already exists");
    }
}
