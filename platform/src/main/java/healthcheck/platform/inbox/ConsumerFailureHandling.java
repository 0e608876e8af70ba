package healthcheck.platform.inbox;

import java.nio.charset.StandardCharsets;
import java.util.function.BiFunction;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.stream.binder.kafka.ListenerContainerWithDlqAndRetryCustomizer;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;

/**
 * What happens to a consumed event whose handler failed, for every binding of every service that dead-letters
 * ({@code enable-dlq}):
 * <ul>
 *   <li>a transient failure ({@link ConsumerFailure#TRANSIENT}: database down, lock or connection timeout) is
 *   retried without limit, 0.2 s doubling to at most {@code maxPause} between attempts, so a compensation waiting
 *   for its database is applied once the database is back instead of being parked;</li>
 *   <li>a poison message ({@link ConsumerFailure#POISON}: undecodable, unknown type, invariant broken) goes to the
 *   dead-letter topic at once;</li>
 *   <li>anything else gets {@code attempts} attempts, then the dead-letter topic.</li>
 * </ul>
 * The dead letter keeps the original bytes and headers, plus spring-kafka's headers naming the exception (what
 * {@code bin/stack dlq} shows as the reason).
 * <p>
 * The retries run in the listener container (spring-kafka's {@link DefaultErrorHandler}, through the binder's own
 * hook for it), not in the binder's retry template: the container seeks back and polls again between attempts, so a
 * consumer waiting minutes for its database stays in its group, and a stopping service leaves the event uncommitted
 * for the next one. The binder's template has one attempt count for every failure and retries inside one poll.
 */
public class ConsumerFailureHandling implements ListenerContainerWithDlqAndRetryCustomizer, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ConsumerFailureHandling.class);
    private static final long FIRST_PAUSE_MILLIS = 200;
    /** On every dead letter: why it was parked (the innermost exception), and as what kind of failure. */
    public static final String REASON_HEADER = "healthcheck-dead-letter-reason";
    public static final String KIND_HEADER = "healthcheck-dead-letter-kind";

    private final DefaultKafkaProducerFactory<byte[], byte[]> producers;
    private final KafkaOperations<byte[], byte[]> deadLetters;
    private final int attempts;
    private final long maxPauseMillis;
    private final ConsumersStopTogether stops;

    /**
     * {@code producers}: the dead letters' producer, on the binder's brokers, bytes as the binder consumed them;
     * {@code stops}: told of every container, this being the binder's one hook for them.
     */
    public ConsumerFailureHandling(DefaultKafkaProducerFactory<byte[], byte[]> producers, int attempts,
                                   long maxPauseMillis, ConsumersStopTogether stops) {
        this.producers = producers;
        this.stops = stops;
        this.deadLetters = new KafkaTemplate<>(producers);
        this.attempts = attempts;
        this.maxPauseMillis = maxPauseMillis;
    }

    @Override
    public void destroy() {
        producers.destroy();
    }

    @Override
    public void configure(AbstractMessageListenerContainer<?, ?> container, String destinationName, String group,
                          BiFunction<ConsumerRecord<?, ?>, Exception, TopicPartition> dlqDestinationResolver,
                          BackOff backOff) {
        FixedBackOff otherFailures = new FixedBackOff(FIRST_PAUSE_MILLIS, attempts - 1);
        // without a dead-letter topic (none of ours) a given-up event is logged and skipped, spring-kafka's default
        DefaultErrorHandler handler = dlqDestinationResolver == null ? new DefaultErrorHandler(otherFailures)
                : new DefaultErrorHandler(deadLetterPublisher(dlqDestinationResolver), otherFailures);
        handler.setBackOffFunction((record, failure) -> switch (ConsumerFailure.of(failure)) {
            case TRANSIENT -> untilItPasses();
            case POISON -> new FixedBackOff(0, 0);
            case OTHER -> null; // the handler's own: attempts in all
        });
        // a failure that changes kind (the database went down during a retry) is judged afresh
        handler.setResetStateOnExceptionChange(true);
        container.setCommonErrorHandler(handler);
        stops.add(container);
    }

    private DeadLetterPublishingRecoverer deadLetterPublisher(
            BiFunction<ConsumerRecord<?, ?>, Exception, TopicPartition> dlqDestinationResolver) {
        DeadLetterPublishingRecoverer publisher = new DeadLetterPublishingRecoverer(deadLetters,
                (record, failure) -> {
                    log.error("Dead-lettering {}-{}@{} ({} failure): {}", record.topic(), record.partition(),
                            record.offset(), ConsumerFailure.of(failure), reason(failure));
                    return dlqDestinationResolver.apply(record, failure);
                });
        // spring-kafka's own exception headers name the listener's wrapper; these name what actually went wrong
        publisher.setHeadersFunction((record, failure) -> new RecordHeaders(new Header[] {
                new RecordHeader(REASON_HEADER, reason(failure).getBytes(StandardCharsets.UTF_8)),
                new RecordHeader(KIND_HEADER, ConsumerFailure.of(failure).name().getBytes(StandardCharsets.UTF_8))}));
        return publisher;
    }

    private BackOff untilItPasses() {
        ExponentialBackOff backOff = new ExponentialBackOff(FIRST_PAUSE_MILLIS, 2.0);
        backOff.setMaxInterval(maxPauseMillis);
        backOff.setMaxElapsedTime(Long.MAX_VALUE);
        backOff.setMaxAttempts(Long.MAX_VALUE);
        return backOff;
    }

    /** Retries and dead letters are the container's job (above), not the binder's. */
    @Override
    public boolean retryAndDlqInBinding(String destinationName, String group) {
        return false;
    }

    /** The innermost cause: the handler's own exception, not the binder's and container's wrappers around it. */
    static String reason(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.toString();
    }
}
