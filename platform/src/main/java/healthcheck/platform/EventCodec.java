package healthcheck.platform;

import healthcheck.events.IntegrationEvent;
import healthcheck.events.Topics;
import healthcheck.platform.inbox.PoisonMessageException;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;
import tools.jackson.core.JacksonException;
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
     * The event in the message. A message of a type this version does not know (a newer producer, a forged
     * header) or whose payload does not parse as its declared type is a {@link PoisonMessageException}: the
     * platform's consumers park it on the dead-letter topic at once, to be replayed once this service knows it,
     * rather than dropping it and committing past it.
     */
    public IntegrationEvent decode(Message<?> message) {
        Object typeHeader = message.getHeaders().get(Topics.EVENT_TYPE_HEADER);
        String type = typeHeader instanceof byte[] bytes
                ? new String(bytes, java.nio.charset.StandardCharsets.UTF_8)
                : typeHeader == null ? null : typeHeader.toString();
        Class<? extends IntegrationEvent> eventClass = Topics.classOf(type);
        if (eventClass == null) {
            throw new PoisonMessageException("unknown event type " + type);
        }
        Object payload = message.getPayload();
        try {
            return payload instanceof byte[] bytes
                    ? jsonMapper.readValue(bytes, eventClass)
                    : jsonMapper.readValue(payload.toString(), eventClass);
        } catch (JacksonException e) {
            throw new PoisonMessageException("payload is not a " + type + ": " + e.getOriginalMessage(), e);
        }
    }
}
