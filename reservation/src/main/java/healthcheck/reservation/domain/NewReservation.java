package healthcheck.reservation.domain;

/** What a customer asks to book; reservationId null lets the service assign one. */
public record NewReservation(Long reservationId, long scheduleId, int reservationCount, String customerId) {

    /** What makes two requests the same request, for an Idempotency-Key: every field, in a fixed form. */
    String fingerprint() {
        return "reservationId=" + reservationId + ";scheduleId=" + scheduleId + ";reservationCount=" + reservationCount
                + ";customerId=" + (customerId == null ? "" : customerId.length() + ":" + customerId);
    }

    NewReservation withReservationId(long id) {
        return new NewReservation(id, scheduleId, reservationCount, customerId);
    }
}
