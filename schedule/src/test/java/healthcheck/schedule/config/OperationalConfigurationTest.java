package healthcheck.schedule.config;

import static healthcheck.testsupport.TestTokens.bearer;
import static healthcheck.testsupport.TestTokens.operator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import ch.qos.logback.classic.LoggerContext;
import healthcheck.events.Topics;
import healthcheck.platform.inbox.ConsumerFailureHandling;
import healthcheck.schedule.IntegrationTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.server.Shutdown;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.cloud.stream.binder.BinderFactory;
import org.springframework.cloud.stream.binder.kafka.KafkaMessageChannelBinder;
import org.springframework.cloud.stream.binder.kafka.properties.KafkaBinderConfigurationProperties;
import org.springframework.cloud.stream.binder.kafka.properties.KafkaConsumerProperties;
import org.springframework.cloud.stream.config.BindingProperties;
import org.springframework.cloud.stream.config.BindingServiceProperties;
import org.springframework.core.env.Environment;
import org.springframework.messaging.MessageChannel;
import org.springframework.test.util.ReflectionTestUtils;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The settings application.yml means to make are the ones the running service actually has: a renamed
 * property would otherwise be ignored without a word.
 */
class OperationalConfigurationTest extends IntegrationTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    BindingServiceProperties bindings;

    @Autowired
    ConsumerFailureHandling failureHandling;

    @Autowired
    BinderFactory binderFactory;

    @Autowired
    ServerProperties server;

    @Autowired
    Environment environment;

    private KafkaMessageChannelBinder kafkaBinder() {
        return (KafkaMessageChannelBinder) binderFactory.getBinder("kafka", MessageChannel.class);
    }

    @Test
    void noLoggingFilterIsAskedBeforeEveryLevelCheck() {
        // healthcheck-defaults.yml leaves out Micrometer's log-event counter, whose turbo filter would sit there
        LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();

        assertThat(logging.getTurboFilterList()).isEmpty();
    }

    @Test
    void theDrillsFaultSwitchDoesNotExistOutsideTheFaultsProfile() throws Exception {
        mvc.perform(get("/faults/hold-delay").header("Authorization", bearer(operator())))
                .andExpect(status().isNotFound());
    }

    @Test
    void livenessReflectsTheProcessOnly() throws Exception {
        mvc.perform(get("/actuator/health/liveness").header("Authorization", bearer(operator())))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("UP"))
                .andExpect(jsonPath("$.components.livenessState").exists())
                .andExpect(jsonPath("$.components.db").doesNotExist())
                .andExpect(jsonPath("$.components.binders").doesNotExist());
    }

    @Test
    void readinessNeedsTheDatabaseButNotKafka() throws Exception {
        mvc.perform(get("/actuator/health/readiness").header("Authorization", bearer(operator())))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("UP"))
                .andExpect(jsonPath("$.components.readinessState.status").value("UP"))
                .andExpect(jsonPath("$.components.db.status").value("UP"))
                .andExpect(jsonPath("$.components.binders").doesNotExist());
    }

    @Test
    void theApiIsDocumented() throws Exception {
        mvc.perform(get("/v3/api-docs").header("Authorization", bearer(operator())))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.paths['/schedules/{scheduleId}/holds'].post").exists());
    }

    @Test
    void shutdownIsGraceful() {
        assertThat(server.getShutdown()).isEqualTo(Shutdown.GRACEFUL);
        assertThat(environment.getProperty("spring.lifecycle.timeout-per-shutdown-phase", Duration.class))
                .isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void theReservationConsumerDeadLettersThroughThePlatformsFailureHandling() {
        BindingProperties in = bindings.getBindingProperties("reservationEvents-in-0");
        assertThat(in.getDestination()).isEqualTo(Topics.RESERVATION);
        assertThat(in.getGroup()).isEqualTo("schedule");
        // retries and dead letters are the listener container's (transient: until it passes), not the binder's
        assertThat(failureHandling.retryAndDlqInBinding(Topics.RESERVATION, "schedule")).isFalse();

        KafkaConsumerProperties kafka = kafkaBinder().getExtendedConsumerProperties("reservationEvents-in-0");
        assertThat(kafka.isEnableDlq()).isTrue();
        assertThat(kafka.getDlqName()).isEqualTo("healthcheck.reservation.schedule.dlq");
    }

    @Test
    void producersWaitForTheBrokersAcknowledgementSoTheOutboxKnowsASendFailed() {
        KafkaMessageChannelBinder binder = kafkaBinder();
        assertThat(binder.getExtendedProducerProperties(Topics.SCHEDULE).isSync()).isTrue();

        var binderProperties = (KafkaBinderConfigurationProperties) ReflectionTestUtils.getField(binder,
                "configurationProperties");
        assertThat(binderProperties.getRequiredAcks()).isEqualTo("all");
        assertThat(binderProperties.isAutoAddPartitions()).isTrue();
        assertThat(binderProperties.getMinPartitionCount()).isEqualTo(3);
        assertThat(binderProperties.getProducerProperties())
                .containsEntry("max.block.ms", "3000")
                .containsEntry("delivery.timeout.ms", "10000");
    }
}
