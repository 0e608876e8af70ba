package healthcheck.reservation.web;

import healthcheck.platform.refusal.Refusal;
import java.time.Duration;

/** Turned away at the door by {@link BookingAdmission}: too many bookings in progress or waiting. Nothing was written. */
class TooBusyException extends Refusal {

    TooBusyException(Throwable cause) {
        super(Kind.UNAVAILABLE, "TOO_BUSY", "Booking temporarily unavailable",
                "Too many bookings are in progress right now; nothing was booked. Please try again in a moment.",
                cause);
        retryAfter(Duration.ofSeconds(1));
    }
}
