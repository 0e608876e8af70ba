package healthcheck.customercenter.messaging;

import healthcheck.customercenter.domain.MyPages;
import healthcheck.events.DeliveryStatusChanged;
import healthcheck.events.IntegrationEvent;
import healthcheck.events.ReservationCancelled;
import healthcheck.events.ReservationFailed;
import healthcheck.events.ReservationPlaced;
import healthcheck.events.ScheduleRegistered;
import healthcheck.platform.inbox.Inbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Applies each event to MyPage once: the dedupe record and the page change commit or roll back together. A failed
 * attempt, which never shows on MyPage, costs no transaction.
 */
@Component
class MyPageProjector {

    static final String CONSUMER = "customercenter";

    private static final Logger log = LoggerFactory.getLogger(MyPageProjector.class);

    private final Inbox inbox;
    private final MyPages myPages;

    MyPageProjector(Inbox inbox, MyPages myPages) {
        this.inbox = inbox;
        this.myPages = myPages;
    }

    void apply(IntegrationEvent event) {
        Runnable change = switch (event) {
            case ReservationPlaced placed -> () -> myPages.bookingPlaced(placed.reservationId(),
                    placed.scheduleId(), placed.reservationCount(), placed.customerId(), placed.occurredAt());
            case ReservationCancelled cancelled -> () -> myPages.bookingCancelled(cancelled.reservationId(),
                    cancelled.scheduleId(), cancelled.reservationCount(), cancelled.customerId(),
                    cancelled.occurredAt());
            case DeliveryStatusChanged changed -> () -> myPages.mailingChanged(changed.reservationId(),
                    changed.deliveryId(), changed.status(), changed.sequence(), changed.occurredAt());
            case ScheduleRegistered registered -> () -> myPages.scheduleRegistered(registered.scheduleId(),
                    registered.capacity(), registered.checkupDate(), registered.checkupTime(),
                    registered.centre(), registered.checkupPackage(), registered.occurredAt());
            // Reservation only publishes a failure for an attempt that never became a booking: nothing to show.
            case ReservationFailed _ -> null;
        };
        if (change == null) {
            log.debug("Ignoring {} {}", event.type(), event.eventId());
        } else if (!inbox.applyOnce(event, CONSUMER, change)) {
            log.debug("Skipping redelivered {} {}", event.type(), event.eventId());
        }
    }
}
