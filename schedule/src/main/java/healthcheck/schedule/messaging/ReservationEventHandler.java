package healthcheck.schedule.messaging;

import healthcheck.events.IntegrationEvent;
import healthcheck.events.ReservationCancelled;
import healthcheck.events.ReservationFailed;
import healthcheck.platform.inbox.Inbox;
import healthcheck.platform.inbox.PoisonMessageException;
import healthcheck.schedule.domain.ReleaseOutcome;
import healthcheck.schedule.domain.ScheduleService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Compensation: a cancelled or failed booking gives its places back. Two guards make this exactly-once: the
 * event id (a redelivery is skipped) and the hold's HELD → RELEASED transition (a second, different event for
 * the same hold — e.g. Failed after Cancelled — changes nothing). A release that overtakes its take leaves a
 * tombstone, so the order in which the call and the event arrive does not matter. Every other event on the topic
 * (a placed booking, most of the traffic) is none of schedule's business and costs no transaction.
 */
@Component
class ReservationEventHandler {

    static final String CONSUMER = "schedule";

    private static final Logger log = LoggerFactory.getLogger(ReservationEventHandler.class);

    private final Inbox inbox;
    private final ScheduleService schedules;

    ReservationEventHandler(Inbox inbox, ScheduleService schedules) {
        this.inbox = inbox;
        this.schedules = schedules;
    }

    void handle(IntegrationEvent event) {
        switch (event) {
            case ReservationCancelled cancelled -> release(cancelled, cancelled.holdId(), cancelled.scheduleId(),
                    cancelled.reservationId(), cancelled.reservationCount());
            case ReservationFailed failed -> release(failed, failed.holdId(), failed.scheduleId(),
                    failed.reservationId(), failed.reservationCount());
            default -> log.debug("Nothing to do for {} {}", event.type(), event.eventId());
        }
    }

    private void release(IntegrationEvent event, String holdId, long scheduleId, long reservationId, int count) {
        boolean applied = inbox.applyOnce(event, CONSUMER, () -> {
            ReleaseOutcome outcome = schedules.release(holdId, scheduleId, reservationId, count);
            if (outcome == ReleaseOutcome.NOT_ITS_HOLD) {
                // parked at once with its reason, for someone to look at; the hold keeps its places
                throw new PoisonMessageException(event.type() + " " + event.eventId() + " for reservation "
                        + reservationId + " names hold " + holdId + ", which is another reservation's");
            }
            log.info("{} {} for reservation {}: hold {} {}", event.type(), event.eventId(), reservationId, holdId,
                    outcome);
        });
        if (!applied) {
            log.debug("Skipping redelivered {} {}", event.type(), event.eventId());
        }
    }
}
