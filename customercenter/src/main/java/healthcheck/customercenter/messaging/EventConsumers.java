package healthcheck.customercenter.messaging;

import healthcheck.events.IntegrationEvent;
import healthcheck.platform.EventCodec;
import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.retry.RetryListener;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.core.retry.Retryable;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.messaging.Message;

/**
 * One consumer function per topic, so each topic has its own binding, retries and dead-letter topic. A failure
 * is thrown, never caught: the platform's {@code ConsumerFailureHandling} retries it while it is transient and
 * otherwise parks the message on the binding's DLQ.
 * <p>
 * The three topics are consumed on separate threads, so two events of one booking (its placement and its first
 * mailing step, say) can race to create or update the same page; the loser fails on the primary key or the
 * version. That is contention, not a bad message, so it is retried here, quickly and a few times, before it can
 * use up the consumer's attempts and send a good event to the DLQ.
 */
@Configuration(proxyBeanMethods = false)
class EventConsumers {

    private static final Logger log = LoggerFactory.getLogger(EventConsumers.class);

    private static final RetryTemplate CONTENTION_RETRY = contentionRetry();

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
                log.debug("Retrying an event after a concurrent change to the same page");
            }
        });
        return retry;
    }

    @Bean
    Consumer<Message<byte[]>> reservationEvents(EventCodec codec, MyPageProjector projector) {
        return message -> project(message, codec, projector);
    }

    @Bean
    Consumer<Message<byte[]>> deliveryEvents(EventCodec codec, MyPageProjector projector) {
        return message -> project(message, codec, projector);
    }

    @Bean
    Consumer<Message<byte[]>> scheduleEvents(EventCodec codec, MyPageProjector projector) {
        return message -> project(message, codec, projector);
    }

    private static void project(Message<byte[]> message, EventCodec codec, MyPageProjector projector) {
        IntegrationEvent event = codec.decode(message);
        CONTENTION_RETRY.invoke(() -> projector.apply(event));
    }
}
