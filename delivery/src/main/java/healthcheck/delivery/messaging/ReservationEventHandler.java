package healthcheck.delivery.messaging;

import healthcheck.delivery.domain.Deliveries;
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
 * Applies reservation events to deliveries. The event id is recorded in the same transaction as the effect, so a
 * redelivered event does nothing, and a failure rolls both back so the binder's retry starts clean. Events that
 * change no mailing cost no transaction.
 */
@Component
class ReservationEventHandler {

    static final String CONSUMER = "delivery.reservationEvents";

    private static final Logger log = LoggerFactory.getLogger(ReservationEventHandler.class);

    private final Inbox inbox;
    private final Deliveries deliveries;

    ReservationEventHandler(Inbox inbox, Deliveries deliveries) {
        this.inbox = inbox;
        this.deliveries = deliveries;
    }

    void handle(IntegrationEvent event) {
        switch (event) {
            case ReservationPlaced placed -> once(event, () -> deliveries.requestMailing(placed.reservationId()));
            case ReservationCancelled cancelled ->
                    once(event, () -> deliveries.cancelMailing(cancelled.reservationId()));
            // A failed booking was never placed, so it never had a mailing to stop.
            case ReservationFailed _, ScheduleRegistered _, DeliveryStatusChanged _ ->
                    log.debug("Nothing to do for {} {}", event.type(), event.eventId());
        }
    }

    private void once(IntegrationEvent event, Runnable effect) {
        if (!inbox.applyOnce(event, CONSUMER, effect)) {
            log.info("Skipping redelivered {} {}", event.type(), event.eventId());
        }
    }
}
