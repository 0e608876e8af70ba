package healthcheck.schedule.messaging;

import healthcheck.platform.EventCodec;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

@Configuration(proxyBeanMethods = false)
class ReservationEventsConsumer {

    private static final Logger log = LoggerFactory.getLogger(ReservationEventsConsumer.class);

    /**
     * Bound to {@code healthcheck.reservation} as {@code reservationEvents-in-0}. Anything thrown (unparseable
     * payload, database down) goes back to the binder, which retries and then dead-letters the record.
     */
    @Bean
    Consumer<Message<byte[]>> reservationEvents(EventCodec codec, ReservationEventHandler handler) {
        return message -> codec.fromMessage(message).ifPresentOrElse(handler::handle,
                () -> log.debug("Skipping an event type this version does not know: {}",
                        message.getHeaders().get(healthcheck.events.Topics.EVENT_TYPE_HEADER)));
    }
}
