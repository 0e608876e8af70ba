package healthcheck.delivery.messaging;

import healthcheck.platform.inbox.EventBatches;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

@Configuration(proxyBeanMethods = false)
class ReservationEventsConsumer {

    /**
     * Bound to healthcheck.reservation (group delivery) as {@code reservationEvents-in-0}, in batch mode: what one
     * poll brought is applied in one transaction (platform's {@link EventBatches}). A failing event goes to the
     * platform's {@code ConsumerFailureHandling} alone: retried while transient, else parked on the dead-letter topic.
     */
    @Bean
    Consumer<Message<List<byte[]>>> reservationEvents(EventBatches batches, ReservationEventHandler handler) {
        return batch -> batches.apply(batch, handler::handle);
    }
}
