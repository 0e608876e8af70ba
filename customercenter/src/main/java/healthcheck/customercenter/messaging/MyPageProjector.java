package healthcheck.customercenter.messaging;

import healthcheck.customercenter.domain.MyPages;
import healthcheck.events.DeliveryStatusChanged;
import healthcheck.events.IntegrationEvent;
import healthcheck.events.ReservationCancelled;
import healthcheck.events.ReservationFailed;
import healthcheck.events.ReservationPlaced;
import healthcheck.events.ScheduleRegistered;
import healthcheck.platform.inbox.ProcessedEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Applies each event to MyPage once: the dedupe record and the page change commit or roll back together. */
@Component
class MyPageProjector {

    static final String CONSUMER = "customercenter";

    private static final Logger log = LoggerFactory.getLogger(MyPageProjector.class);

    private final ProcessedEvents processedEvents;
    private final MyPages myPages;

    MyPageProjector(ProcessedEvents processedEvents, MyPages myPages) {
        this.processedEvents = processedEvents;
        this.myPages = myPages;
    }

    @Transactional
    public void apply(IntegrationEvent event) {
        if (!processedEvents.markFirstDelivery(event.eventId(), CONSUMER)) {
            log.debug("Skipping redelivered {} {}", event.type(), event.eventId());
            return;
        }
        switch (event) {
            case ReservationPlaced placed -> myPages.bookingPlaced(placed.reservationId(), placed.scheduleId(),
                    placed.reservationCount(), placed.customerId(), placed.occurredAt());
            case ReservationCancelled cancelled -> myPages.bookingCancelled(cancelled.reservationId(),
                    cancelled.scheduleId(), cancelled.reservationCount(), cancelled.customerId(),
                    cancelled.occurredAt());
            case DeliveryStatusChanged changed -> myPages.mailingChanged(changed.reservationId(),
                    changed.deliveryId(), changed.status(), changed.sequence(), changed.occurredAt());
            case ScheduleRegistered registered -> myPages.scheduleRegistered(registered.scheduleId(),
                    registered.capacity(), registered.checkupDate(), registered.checkupTime(),
                    registered.centre(), registered.checkupPackage(), registered.occurredAt());
            // Reservation only publishes a failure for an attempt that never became a booking: nothing to show.
            case ReservationFailed failed -> log.debug("Ignoring {} for reservation {}", failed.type(),
                    failed.reservationId());
        }
    }
}
