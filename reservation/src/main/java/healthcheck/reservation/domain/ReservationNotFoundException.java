package healthcheck.reservation.domain;

public class ReservationNotFoundException extends RuntimeException {

    public ReservationNotFoundException(long reservationId) {
        super("Reservation " + reservationId + " does not exist");
    }
}
