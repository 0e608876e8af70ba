package healthcheck.platform.outbox;

import healthcheck.events.IntegrationEvent;
import healthcheck.platform.EventCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.messaging.Message;
import org.springframework.scheduling.annotation.Async;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Sends committed integration events to their topic. The producer is synchronous (the binder waits for the
 * broker's acknowledgement), so a send that fails throws, the registry keeps the publication incomplete, and it
 * is sent again later: at-least-once, which the consumers' deduplication turns into exactly-once effects.
 * Asynchronous so that a Kafka outage never holds up the request that made the change.
 */
public class KafkaEventRelay {

    private static final Logger log = LoggerFactory.getLogger(KafkaEventRelay.class);

    private final StreamBridge streamBridge;
    private final EventCodec codec;

    public KafkaEventRelay(StreamBridge streamBridge, EventCodec codec) {
        this.streamBridge = streamBridge;
        this.codec = codec;
    }

    @Async
    @TransactionalEventListener
    public void relay(IntegrationEvent event) {
        Message<byte[]> message = codec.toMessage(event);
        if (!streamBridge.send(event.topic(), message)) {
            throw new IllegalStateException("Kafka did not accept " + event.type() + " " + event.eventId());
        }
        log.debug("Relayed {} {} for key {}", event.type(), event.eventId(), event.key());
    }
}
