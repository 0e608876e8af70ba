package healthcheck.reservation.domain;

import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Compensates attempts that never finished: a crash between taking the hold and confirming it would otherwise
 * leave places taken on schedule for a booking that does not exist.
 */
@Component
class PendingSweeper {

    private final Bookings bookings;
    private final Duration threshold;

    PendingSweeper(Bookings bookings, @Value("${healthcheck.reservation.pending-timeout:PT30S}") Duration threshold) {
        this.bookings = bookings;
        this.threshold = threshold;
    }

    @Scheduled(fixedDelayString = "${healthcheck.reservation.pending-sweep-interval:PT5S}",
            initialDelayString = "${healthcheck.reservation.pending-sweep-interval:PT5S}")
    void sweep() {
        bookings.failStalePending(threshold, 100);
    }
}
