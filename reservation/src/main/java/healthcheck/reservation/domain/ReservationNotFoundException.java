package healthcheck.reservation.domain;

import healthcheck.platform.refusal.Refusal;

public class ReservationNotFoundException extends Refusal {

    public ReservationNotFoundException(long reservationId) {
        super(Kind.NOT_FOUND, "RESERVATION_NOT_FOUND", "Reservation not found",
                "Reservation " + reservationId + " does not exist");
    }
}
