package healthcheck.schedule.messaging;

import healthcheck.platform.EventCodec;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

@Configuration(proxyBeanMethods = false)
class ReservationEventsConsumer {

    /**
     * Bound to {@code healthcheck.reservation} as {@code reservationEvents-in-0}. Anything thrown goes back to the
     * platform's {@code ConsumerFailureHandling}: retried while it is transient, parked on the dead-letter topic when
     * it is poison (an unknown type, an unparseable payload) or keeps failing.
     */
    @Bean
    Consumer<Message<byte[]>> reservationEvents(EventCodec codec, ReservationEventHandler handler) {
        return message -> handler.handle(codec.decode(message));
    }
}
