package healthcheck.platform.inbox;

import healthcheck.events.IntegrationEvent;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies a consumed event's effect exactly once: the dedupe record ({@link ProcessedEvents}) and the effect commit
 * or roll back together, in one transaction opened here. A handler calls it only for the events it acts on; an event
 * it ignores costs no transaction, no connection and no row (the stack's consumers see every event of their topics,
 * and most of them concern someone else).
 */
public class Inbox {

    private final ProcessedEvents processedEvents;
    private final TransactionTemplate tx;

    public Inbox(ProcessedEvents processedEvents, PlatformTransactionManager transactionManager) {
        this.processedEvents = processedEvents;
        this.tx = new TransactionTemplate(transactionManager);
    }

    /**
     * Runs {@code effect} unless {@code consumer} has already applied this event. Whatever the effect throws rolls
     * the dedupe record back with it and goes to the caller (the binder retries, then dead-letters).
     *
     * @return false for a redelivery, which changes nothing
     */
    public boolean applyOnce(IntegrationEvent event, String consumer, Runnable effect) {
        return Boolean.TRUE.equals(tx.execute(status -> {
            if (!processedEvents.markFirstDelivery(event.eventId(), consumer)) {
                return false;
            }
            effect.run();
            return true;
        }));
    }
}
