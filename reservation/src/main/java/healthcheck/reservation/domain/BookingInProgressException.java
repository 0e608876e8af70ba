package healthcheck.reservation.domain;

import healthcheck.platform.refusal.Refusal;
import java.time.Duration;

/** The key's first request is still being booked: its outcome is not known yet, so it cannot be answered again. */
public class BookingInProgressException extends Refusal {

    private final long reservationId;

    public BookingInProgressException(long reservationId) {
        super(Kind.CONFLICT, "BOOKING_IN_PROGRESS", "Booking in progress",
                "The booking request with this Idempotency-Key (reservation " + reservationId
                        + ") is still in progress; ask again in a moment");
        this.reservationId = reservationId;
        property("reservationId", reservationId);
        retryAfter(Duration.ofSeconds(1));
    }

    public long reservationId() {
        return reservationId;
    }
}
