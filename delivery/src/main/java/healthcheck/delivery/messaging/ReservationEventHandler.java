package healthcheck.delivery.messaging;

import healthcheck.delivery.domain.Deliveries;
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

/**
 * Applies reservation events to deliveries. The event id is recorded in the same transaction as the effect, so a
 * redelivered event does nothing, and a failure rolls both back so the binder's retry starts clean.
 */
@Component
class ReservationEventHandler {

    static final String CONSUMER = "delivery.reservationEvents";

    private static final Logger log = LoggerFactory.getLogger(ReservationEventHandler.class);

    private final ProcessedEvents processedEvents;
    private final Deliveries deliveries;

    ReservationEventHandler(ProcessedEvents processedEvents, Deliveries deliveries) {
        this.processedEvents = processedEvents;
        this.deliveries = deliveries;
    }

    @Transactional
    public void handle(IntegrationEvent event) {
        if (!processedEvents.markFirstDelivery(event.eventId(), CONSUMER)) {
            log.info("Skipping redelivered {} {}", event.type(), event.eventId());
            return;
        }
        switch (event) {
            case ReservationPlaced placed -> deliveries.requestMailing(placed.reservationId());
            case ReservationCancelled cancelled -> deliveries.cancelMailing(cancelled.reservationId());
            // A failed booking was never placed, so it never had a mailing to stop.
            case ReservationFailed _, ScheduleRegistered _, DeliveryStatusChanged _ ->
                    log.debug("Nothing to do for {} {}", event.type(), event.eventId());
        }
    }
}
