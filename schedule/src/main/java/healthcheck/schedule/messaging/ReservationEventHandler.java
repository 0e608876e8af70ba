package healthcheck.schedule.messaging;

import healthcheck.events.IntegrationEvent;
import healthcheck.events.ReservationCancelled;
import healthcheck.events.ReservationFailed;
import healthcheck.platform.inbox.ProcessedEvents;
import healthcheck.schedule.domain.ReleaseOutcome;
import healthcheck.schedule.domain.ScheduleService;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Compensation: a cancelled or failed booking gives its places back. Two guards make this exactly-once: the
 * event id (a redelivery is skipped) and the hold's HELD → RELEASED transition (a second, different event for
 * the same hold — e.g. Failed after Cancelled — changes nothing). A release that overtakes its take leaves a
 * tombstone, so the order in which the call and the event arrive does not matter.
 */
@Component
class ReservationEventHandler {

    static final String CONSUMER = "schedule";

    private static final Logger log = LoggerFactory.getLogger(ReservationEventHandler.class);

    private final ProcessedEvents processedEvents;
    private final ScheduleService schedules;

    ReservationEventHandler(ProcessedEvents processedEvents, ScheduleService schedules) {
        this.processedEvents = processedEvents;
        this.schedules = schedules;
    }

    @Transactional
    public void handle(IntegrationEvent event) {
        switch (event) {
            case ReservationCancelled cancelled -> release(cancelled.eventId(), cancelled.type(),
                    cancelled.holdId(), cancelled.scheduleId(), cancelled.reservationId(),
                    cancelled.reservationCount());
            case ReservationFailed failed -> release(failed.eventId(), failed.type(), failed.holdId(),
                    failed.scheduleId(), failed.reservationId(), failed.reservationCount());
            default -> log.debug("Nothing to do for {} {}", event.type(), event.eventId());
        }
    }

    private void release(UUID eventId, String type, String holdId, long scheduleId, long reservationId,
                         int count) {
        if (!processedEvents.markFirstDelivery(eventId, CONSUMER)) {
            log.debug("Skipping redelivered {} {}", type, eventId);
            return;
        }
        ReleaseOutcome outcome = schedules.release(holdId, scheduleId, reservationId, count);
        log.info("{} {} for reservation {}: hold {} {}", type, eventId, reservationId, holdId, outcome);
    }
}
