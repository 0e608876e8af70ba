package healthcheck.platform.inbox;

import healthcheck.events.IntegrationEvent;
import healthcheck.events.Topics;
import healthcheck.platform.EventCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.retry.RetryListener;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.core.retry.Retryable;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies what one poll brought (a binding in {@code batch-mode}) in one transaction, so a consumer commits once per
 * poll instead of once per event. On the embedded databases every commit writes a whole chunk of pages to disk before
 * it returns ({@code WRITE_DELAY=0}, for SIGKILL durability); per event, that was half of customercenter's CPU at the
 * peak. Under light load a poll brings one event and nothing changes; under a rush it brings dozens.
 * <p>
 * The handler applies each event through {@link Inbox#applyOnce}, which joins the batch's transaction: every effect
 * and its dedupe record commit or roll back together, as they did one by one. Failures keep their per-event meaning
 * for {@link ConsumerFailureHandling}: when the batch fails, its events are applied again one per transaction up to
 * the one that fails, and that one's index goes to spring-kafka in a {@link BatchListenerFailedException}. The
 * container then commits the offsets before it and applies the back-off (or the dead-letter topic) to that event
 * alone, exactly as for a record listener; the events after it come again with the next poll. An event that cannot be
 * decoded is found before anything is applied, so the ones before it are applied and it alone is parked.
 * <p>
 * Spring Cloud Stream hands a batch over as one message whose headers are lists; this class reads the event type of
 * each record from them. Written here rather than left to the binder because the binder's batch support has no notion
 * of our inbox, which has to be in the same transaction as the effects.
 */
public class EventBatches {

    private static final Logger log = LoggerFactory.getLogger(EventBatches.class);

    /**
     * Two consumer threads (one per topic) can change the same row at once: a booking's page from its placement and
     * from its first mailing step, say. The loser fails on the primary key, the version or a deadlock. That is
     * contention, not a bad event, so its transaction is run again at once, a few times, before the failure can use
     * up the container's attempts and send good events to the dead-letter topic.
     */
    private static final RetryTemplate CONTENTION_RETRY = contentionRetry();

    private final EventCodec codec;
    private final TransactionTemplate tx;

    public EventBatches(EventCodec codec, PlatformTransactionManager transactionManager) {
        this.codec = codec;
        this.tx = new TransactionTemplate(transactionManager);
    }

    /**
     * Applies each event of {@code batch}, in order, with {@code handler}, in as few transactions as failures allow.
     *
     * @throws BatchListenerFailedException naming the first event that could not be applied, with its failure
     */
    public void apply(Message<List<byte[]>> batch, Consumer<IntegrationEvent> handler) {
        List<byte[]> payloads = batch.getPayload();
        List<IntegrationEvent> events = new ArrayList<>(payloads.size());
        RuntimeException undecodable = null;
        for (int i = 0; i < payloads.size() && undecodable == null; i++) {
            try {
                events.add(codec.decode(record(batch.getHeaders(), payloads.get(i), i)));
            } catch (RuntimeException e) {
                undecodable = e;
            }
        }
        if (!events.isEmpty()) {
            applyAll(events, handler);
        }
        if (undecodable != null) {
            throw new BatchListenerFailedException("undecodable event", undecodable, events.size());
        }
    }

    /**
     * A batch is tried once. Whatever fails it, a bug or a race lost to another topic's consumer, its events are then
     * applied one per transaction, each with the contention retry: a batch holds its locks for as long as it runs, so
     * under load a batch tried again tends to lose the same race again, and every attempt redoes all of its events.
     */
    private void applyAll(List<IntegrationEvent> events, Consumer<IntegrationEvent> handler) {
        if (events.size() > 1) {
            try {
                tx.executeWithoutResult(status -> {
                    for (IntegrationEvent event : events) {
                        handler.accept(event);
                    }
                });
                return;
            } catch (RuntimeException batchFailure) {
                log.debug("A batch of {} events failed ({}); applying them one by one", events.size(),
                        ConsumerFailureHandling.reason(batchFailure));
            }
        }
        for (int i = 0; i < events.size(); i++) {
            IntegrationEvent event = events.get(i);
            try {
                CONTENTION_RETRY.invoke(() -> tx.executeWithoutResult(status -> handler.accept(event)));
            } catch (RuntimeException e) {
                throw new BatchListenerFailedException("event failed", e, i);
            }
        }
    }

    /**
     * Record {@code i} of the batch as a message of its own, with the one header decoding needs. The binder puts each
     * record's headers in a list of maps when it maps them, or leaves Kafka's own {@link Headers} when it does not.
     */
    private static Message<byte[]> record(MessageHeaders batchHeaders, byte[] payload, int i) {
        Object type = null;
        if (batchHeaders.get(KafkaHeaders.BATCH_CONVERTED_HEADERS) instanceof List<?> converted
                && converted.get(i) instanceof Map<?, ?> headers) {
            type = headers.get(Topics.EVENT_TYPE_HEADER);
        } else if (batchHeaders.get(KafkaHeaders.NATIVE_HEADERS) instanceof List<?> natives
                && natives.get(i) instanceof Headers headers) {
            Header header = headers.lastHeader(Topics.EVENT_TYPE_HEADER);
            type = header == null ? null : header.value();
        }
        MessageBuilder<byte[]> message = MessageBuilder.withPayload(payload);
        if (type != null) {
            message.setHeader(Topics.EVENT_TYPE_HEADER, type);
        }
        return message.build();
    }

    private static RetryTemplate contentionRetry() {
        RetryTemplate retry = new RetryTemplate(RetryPolicy.builder()
                .includes(TransientDataAccessException.class, DataIntegrityViolationException.class)
                .maxRetries(5)
                .delay(Duration.ofMillis(20))
                .jitter(Duration.ofMillis(15))
                .multiplier(2)
                .build());
        retry.setRetryListener(new RetryListener() {
            @Override
            public void beforeRetry(RetryPolicy policy, Retryable<?> retryable) {
                log.debug("Retrying a transaction after a concurrent change to the same rows");
            }
        });
        return retry;
    }
}
