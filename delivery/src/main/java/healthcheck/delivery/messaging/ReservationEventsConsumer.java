package healthcheck.delivery.messaging;

import healthcheck.platform.EventCodec;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

@Configuration(proxyBeanMethods = false)
class ReservationEventsConsumer {

    /**
     * Bound to healthcheck.reservation (group delivery) as {@code reservationEvents-in-0}. Anything thrown here goes
     * to the platform's {@code ConsumerFailureHandling}: retried while transient, else parked on the dead-letter topic.
     */
    @Bean
    Consumer<Message<byte[]>> reservationEvents(EventCodec codec, ReservationEventHandler handler) {
        return message -> handler.handle(codec.decode(message));
    }
}
