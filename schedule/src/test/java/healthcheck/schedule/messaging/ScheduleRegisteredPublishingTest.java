package healthcheck.schedule.messaging;

import static healthcheck.testsupport.TestTokens.bearer;
import static healthcheck.testsupport.TestTokens.admin;
import static healthcheck.schedule.KafkaTestSupport.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import healthcheck.events.ScheduleRegistered;
import healthcheck.events.Topics;
import healthcheck.schedule.IntegrationTest;
import healthcheck.schedule.KafkaTestSupport;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.json.JsonMapper;

/** Registration reaches Kafka through the transactional outbox, keyed and typed as the contract says. */
class ScheduleRegisteredPublishingTest extends IntegrationTest {

    @Autowired
    EmbeddedKafkaBroker broker;

    @Autowired
    JsonMapper jsonMapper;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MockMvc mvc;

    @Test
    void scheduleRegisteredReachesTheScheduleTopicKeyedByScheduleIdWithItsEventTypeHeader() throws Exception {
        long scheduleId = freshId();

        try (KafkaConsumer<byte[], byte[]> consumer = KafkaTestSupport.consumer(broker, Topics.SCHEDULE)) {
            mvc.perform(post("/schedules").header("Authorization", bearer(admin()))
                    .contentType(MediaType.APPLICATION_JSON).content("""
                            {"scheduleId":%d,"availableCount":30,"checkupDate":"2026-12-01",
                             "checkupTime":"09:30","centre":"Seoul Central","checkupPackage":"basic"}"""
                            .formatted(scheduleId)))
                    .andExpect(status().isCreated());

            AtomicReference<ConsumerRecord<byte[], byte[]>> received = new AtomicReference<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<byte[], byte[]> record : KafkaTestSupport.poll(consumer)) {
                    if (Long.toString(scheduleId).equals(text(record.key()))) {
                        received.set(record);
                    }
                }
                return received.get() != null;
            });

            ConsumerRecord<byte[], byte[]> record = received.get();
            assertThat(text(record.headers().lastHeader(Topics.EVENT_TYPE_HEADER).value()))
                    .isEqualTo(ScheduleRegistered.TYPE);
            ScheduleRegistered event = jsonMapper.readValue(record.value(), ScheduleRegistered.class);
            assertThat(event.scheduleId()).isEqualTo(scheduleId);
            assertThat(event.capacity()).isEqualTo(30);
            assertThat(event.checkupDate()).isEqualTo(LocalDate.of(2026, 12, 1));
            assertThat(event.checkupTime()).isEqualTo(LocalTime.of(9, 30));
            assertThat(event.centre()).isEqualTo("Seoul Central");
        }
        // delete completion mode: a relayed publication leaves no row behind
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                "select count(*) from event_publication where serialized_event like ?", Integer.class,
                "%\"scheduleId\":" + scheduleId + ",%") == 0);
    }
}
