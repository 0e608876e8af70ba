package healthcheck.reservation.domain;

public class DuplicateReservationException extends RuntimeException {

    public DuplicateReservationException(long reservationId) {
        super("Reservation " + reservationId + " already exists");
    }
}
