package healthcheck.platform;

import healthcheck.events.IntegrationEvent;
import healthcheck.events.Topics;
import java.util.Optional;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns events into Kafka messages and back. The payload is JSON we serialise ourselves, so the wire format does
 * not depend on which message converter the binder picks; the key is the aggregate id and the type travels in a
 * header so a consumer can route before parsing. No {@code contentType} header: the binder must not convert these
 * bytes (see healthcheck-defaults.yml).
 */
public class EventCodec {

    private final JsonMapper jsonMapper;

    public EventCodec(JsonMapper jsonMapper) {
        this.jsonMapper = jsonMapper;
    }

    public Message<byte[]> toMessage(IntegrationEvent event) {
        return MessageBuilder.withPayload(jsonMapper.writeValueAsBytes(event))
                .setHeader(KafkaHeaders.KEY, event.key().getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .setHeader(Topics.EVENT_TYPE_HEADER, event.type())
                .build();
    }

    /**
     * The event in the message, or empty when its type is one this service does not know (a newer producer):
     * those are skipped, not failed. A payload that does not parse as its declared type throws, so the binder
     * retries it and then parks it on the dead-letter topic.
     */
    public Optional<IntegrationEvent> fromMessage(Message<?> message) {
        Object typeHeader = message.getHeaders().get(Topics.EVENT_TYPE_HEADER);
        String type = typeHeader instanceof byte[] bytes
                ? new String(bytes, java.nio.charset.StandardCharsets.UTF_8)
                : typeHeader == null ? null : typeHeader.toString();
        Class<? extends IntegrationEvent> eventClass = Topics.classOf(type);
        if (eventClass == null) {
            return Optional.empty();
        }
        Object payload = message.getPayload();
        IntegrationEvent event = payload instanceof byte[] bytes
                ? jsonMapper.readValue(bytes, eventClass)
                : jsonMapper.readValue(payload.toString(), eventClass);
        return Optional.of(event);
    }
}
