package healthcheck.customercenter;

import healthcheck.customercenter.domain.MyPages;
import healthcheck.events.IntegrationEvent;
import healthcheck.events.Topics;
import healthcheck.platform.EventCodec;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

/**
 * The whole service against a real (embedded, KRaft) broker. Subclasses share one application context, so each
 * test uses its own reservation and schedule ids instead of cleaning up. The spies live here, not in a subclass,
 * because a different set of bean overrides would start a second context and a second broker.
 */
@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("test")
@EmbeddedKafka(partitions = 1, topics = {Topics.SCHEDULE, Topics.RESERVATION, Topics.DELIVERY})
public abstract class IntegrationTestSupport {

    @Autowired
    protected EmbeddedKafkaBroker broker;

    @MockitoSpyBean
    protected EventCodec codec;

    @MockitoSpyBean
    protected MyPages myPages;

    protected KafkaTemplate<byte[], byte[]> kafka;

    private DefaultKafkaProducerFactory<byte[], byte[]> producerFactory;

    @BeforeEach
    void startProducer() {
        Map<String, Object> props = new HashMap<>(KafkaTestUtils.producerProps(broker));
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        producerFactory = new DefaultKafkaProducerFactory<>(props);
        kafka = new KafkaTemplate<>(producerFactory);
    }

    @AfterEach
    void stopProducer() {
        producerFactory.destroy();
    }

    /** Writes the event exactly as the platform's relay does: JSON payload, aggregate id as key, type header. */
    protected void send(IntegrationEvent event) {
        send(event.topic(), event.key(), event.type(), codec.toMessage(event).getPayload());
    }

    protected void send(String topic, String key, String type, byte[] payload) {
        ProducerRecord<byte[], byte[]> record =
                new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), payload);
        record.headers().add(Topics.EVENT_TYPE_HEADER, type.getBytes(StandardCharsets.UTF_8));
        kafka.send(record).join();
    }
}
