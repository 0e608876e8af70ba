package healthcheck.platform.outbox;

import healthcheck.events.IntegrationEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records an integration event in the same database transaction as the state change it describes. Spring
 * Modulith's event publication registry stores it in {@code event_publication} before commit; {@link KafkaEventRelay}
 * sends it after commit and marks it complete only once Kafka acknowledged it. A rollback drops the event with
 * the change; a Kafka outage leaves it stored until {@link OutboxResubmitter} gets it through.
 */
public class EventOutbox {

    private final ApplicationEventPublisher publisher;

    public EventOutbox(ApplicationEventPublisher publisher) {
        this.publisher = publisher;
    }

    /** Must run inside the transaction that makes the change: without one the event could be lost or orphaned. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void publish(IntegrationEvent event) {
        publisher.publishEvent(event);
    }
}
