package healthcheck.schedule.messaging;

import static healthcheck.schedule.KafkaTestSupport.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.atLeast;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.verify;

import healthcheck.events.IntegrationEvent;
import healthcheck.events.ScheduleRegistered;
import healthcheck.events.Topics;
import healthcheck.platform.EventCodec;
import healthcheck.schedule.IntegrationTest;
import healthcheck.schedule.KafkaTestSupport;
import healthcheck.schedule.domain.ScheduleService;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentMatcher;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

/**
 * A relay that fails (as it does while Kafka is down) leaves the publication in the outbox, and the platform's
 * resubmitter gets it through later: the registration is never lost. Its own context, because of the spy.
 */
class OutboxRetryTest extends IntegrationTest {

    @Autowired
    EmbeddedKafkaBroker broker;

    @Autowired
    ScheduleService service;

    @MockitoSpyBean
    EventCodec codec;

    @Test
    void aScheduleRegisteredWhoseFirstRelayFailedStillReachesKafka() {
        long scheduleId = freshId();
        ArgumentMatcher<IntegrationEvent> thisSchedule =
                event -> event instanceof ScheduleRegistered registered && registered.scheduleId() == scheduleId;
        doThrow(new IllegalStateException("simulated broker outage")).doCallRealMethod()
                .when(codec).toMessage(argThat(thisSchedule));

        try (KafkaConsumer<byte[], byte[]> consumer = KafkaTestSupport.consumer(broker, Topics.SCHEDULE)) {
            service.register(scheduleId, 12, null, null, null, null);

            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<byte[], byte[]> record : KafkaTestSupport.poll(consumer)) {
                    if (Long.toString(scheduleId).equals(text(record.key()))) {
                        return true;
                    }
                }
                return false;
            });
        }
        verify(codec, atLeast(2)).toMessage(argThat(thisSchedule));
        assertThat(service.get(scheduleId).capacity()).isEqualTo(12);
    }
}
