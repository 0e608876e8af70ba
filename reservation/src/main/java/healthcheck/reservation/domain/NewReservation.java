package healthcheck.reservation.domain;

/** What a customer asks to book; reservationId null lets the service assign one. */
public record NewReservation(Long reservationId, long scheduleId, int reservationCount, String customerId) {
}
