package healthcheck.customercenter.messaging;

import healthcheck.platform.inbox.EventBatches;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/**
 * One consumer function per topic, so each topic has its own binding, retries and dead-letter topic. Each takes
 * what one poll brought ({@code batch-mode}) and applies it in one transaction through the platform's
 * {@link EventBatches}, which also runs a transaction again when it lost a race: the three topics are consumed on
 * separate threads, so a booking's placement and its first mailing step can race to create the same page. A failure
 * is thrown, never caught: the platform's {@code ConsumerFailureHandling} retries that event while its failure is
 * transient and otherwise parks it on the binding's DLQ.
 */
@Configuration(proxyBeanMethods = false)
class EventConsumers {

    @Bean
    Consumer<Message<List<byte[]>>> reservationEvents(EventBatches batches, MyPageProjector projector) {
        return batch -> batches.apply(batch, projector::apply);
    }

    @Bean
    Consumer<Message<List<byte[]>>> deliveryEvents(EventBatches batches, MyPageProjector projector) {
        return batch -> batches.apply(batch, projector::apply);
    }

    @Bean
    Consumer<Message<List<byte[]>>> scheduleEvents(EventBatches batches, MyPageProjector projector) {
        return batch -> batches.apply(batch, projector::apply);
    }
}
