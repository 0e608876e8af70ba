package healthcheck.reservation.web;

import healthcheck.reservation.domain.Reservation;
import java.time.Instant;

record ReservationResponse(long reservationId, long scheduleId, int reservationCount, String customerId,
                           String status, Instant reservedAt, Instant cancelledAt) {

    static ReservationResponse of(Reservation r) {
        return new ReservationResponse(r.reservationId(), r.scheduleId(), r.reservationCount(), r.customerId(),
                r.status().name(), r.reservedAt(), r.cancelledAt());
    }
}
