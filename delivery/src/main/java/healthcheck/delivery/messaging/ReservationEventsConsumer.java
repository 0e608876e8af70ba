package healthcheck.delivery.messaging;

import healthcheck.events.Topics;
import healthcheck.platform.EventCodec;
import java.nio.charset.StandardCharsets;
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
     * Bound to healthcheck.reservation (group delivery) as {@code reservationEvents-in-0}. Anything thrown here,
     * an unparseable payload included, is retried by the binder and then parked on the dead-letter topic.
     */
    @Bean
    Consumer<Message<byte[]>> reservationEvents(EventCodec codec, ReservationEventHandler handler) {
        return message -> codec.fromMessage(message).ifPresentOrElse(
                handler::handle,
                () -> log.debug("Skipping a message of a type this version does not know: {}", typeOf(message)));
    }

    private static String typeOf(Message<byte[]> message) {
        Object type = message.getHeaders().get(Topics.EVENT_TYPE_HEADER);
        return type instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(type);
    }
}
