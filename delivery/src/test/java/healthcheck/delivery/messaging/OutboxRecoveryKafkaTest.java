package healthcheck.delivery.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.willReturn;
import static org.mockito.Mockito.atLeast;
import static org.mockito.Mockito.verify;

import healthcheck.delivery.DeliveryIntegrationTest;
import healthcheck.delivery.domain.Deliveries;
import healthcheck.events.DeliveryStatusChanged;
import healthcheck.events.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;
import tools.jackson.databind.json.JsonMapper;

/**
 * The outbox on HSQLDB when Kafka refuses the first sends: the publication stays in event_publication as failed
 * and the platform's resubmitter gets it through later, so the step is announced exactly when it happened.
 */
// Its spied StreamBridge makes a context of its own; closing it afterwards frees its broker for the rest.
@DeliveryIntegrationTest
@DirtiesContext
class OutboxRecoveryKafkaTest {

    @MockitoSpyBean
    StreamBridge streamBridge;
    @Autowired
    EmbeddedKafkaBroker broker;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    Deliveries deliveries;
    @Autowired
    JsonMapper jsonMapper;

    private TopicRecorder deliveryTopic;

    @BeforeEach
    void record() {
        deliveryTopic = new TopicRecorder(broker, Topics.DELIVERY);
    }

    @AfterEach
    void stop() throws InterruptedException {
        deliveryTopic.close();
    }

    @Test
    void anEventKafkaRefusedStaysInTheOutboxAndIsSentLater() {
        willReturn(false).willReturn(false).willCallRealMethod()
                .given(streamBridge).send(eq(Topics.DELIVERY), any(Object.class));
        long reservationId = 987_654_321L;

        deliveries.requestMailing(reservationId);

        List<Map<String, Object>> failed = await().atMost(Duration.ofSeconds(20)).until(
                () -> jdbc.queryForList("select status, completion_attempts from event_publication"),
                rows -> !rows.isEmpty() && "FAILED".equals(rows.getFirst().get("STATUS")));
        assertThat(failed).hasSize(1);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(
                () -> assertThat(deliveryTopic.withKey(Long.toString(reservationId))).hasSize(1));
        DeliveryStatusChanged event = jsonMapper.readValue(
                deliveryTopic.withKey(Long.toString(reservationId)).getFirst().value(), DeliveryStatusChanged.class);
        assertThat(event.sequence()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(
                () -> jdbc.queryForObject("select count(*) from event_publication", Integer.class), n -> n == 0);
        verify(streamBridge, atLeast(3)).send(eq(Topics.DELIVERY), any(Object.class));
    }
}
