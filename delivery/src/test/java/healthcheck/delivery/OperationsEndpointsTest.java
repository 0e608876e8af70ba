package healthcheck.delivery;

import static healthcheck.testsupport.TestTokens.bearer;
import static healthcheck.testsupport.TestTokens.operator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import healthcheck.events.Topics;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.stream.binder.BinderFactory;
import org.springframework.cloud.stream.binder.ExtendedBindingProperties;
import org.springframework.cloud.stream.binder.kafka.properties.KafkaConsumerProperties;
import org.springframework.cloud.stream.binder.kafka.properties.KafkaProducerProperties;
import org.springframework.cloud.stream.config.BindingServiceProperties;
import org.springframework.messaging.MessageChannel;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.web.servlet.MockMvc;

@DeliveryIntegrationTest
class OperationsEndpointsTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    BinderFactory binderFactory;

    @Autowired
    BindingServiceProperties bindingProperties;

    @Value("${server.shutdown}")
    String shutdown;

    @Test
    void livenessLooksAtTheProcessOnly() throws Exception {
        mvc.perform(get("/actuator/health/liveness").header("Authorization", bearer(operator())))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("UP"))
                .andExpect(jsonPath("$.components", hasKey("livenessState")))
                .andExpect(jsonPath("$.components", not(hasKey("db"))))
                .andExpect(jsonPath("$.components", not(hasKey("binders"))));
    }

    @Test
    void readinessIncludesTheDatabaseButNotKafka() throws Exception {
        mvc.perform(get("/actuator/health/readiness").header("Authorization", bearer(operator())))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("UP"))
                .andExpect(jsonPath("$.components.readinessState.status").value("UP"))
                .andExpect(jsonPath("$.components.db.status").value("UP"))
                .andExpect(jsonPath("$.components", not(hasKey("binders"))));
    }

    @Test
    void withoutATokenHealthSaysUpAndShowsNothingBehindIt() throws Exception {
        for (String path : new String[] {
                "/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness"}) {
            mvc.perform(get(path))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.status").value("UP"))
                    .andExpect(jsonPath("$.components").doesNotExist())
                    .andExpect(jsonPath("$.details").doesNotExist());
        }
    }

    /** The one detail anybody may read, as the gateway's public /system/status reads it. */
    @Test
    void theDeadLetterCountIsShownWithoutAToken() throws Exception {
        mvc.perform(get("/actuator/health/dead-letters"))
                .andExpect(status().isOk())
                // its count, or "not counted yet" in the first seconds: either way the details, without a token
                .andExpect(jsonPath("$.components.deadLetters.details").isMap())
                .andExpect(jsonPath("$.components", not(hasKey("db"))));
    }

    @Test
    void openApiDescribesTheDeliveryEndpoints() throws Exception {
        mvc.perform(get("/v3/api-docs").header("Authorization", bearer(operator())))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.paths", hasKey("/deliveries/{deliveryId}")))
                .andExpect(jsonPath("$.paths", hasKey("/deliveries/{deliveryId}/status")))
                .andExpect(jsonPath("$.paths", hasKey("/deliveries")));
    }

    @Test
    void shutdownIsGraceful() {
        assertThat(shutdown).isEqualTo("graceful");
    }

    /**
     * Binder property names are not checked at startup, so a misspelt one would silently fall back to a default:
     * an asynchronous producer would let the outbox mark an event sent before Kafka acknowledged it.
     */
    @Test
    @SuppressWarnings("unchecked")
    void kafkaBindingSettingsTakeEffect() {
        var binder = (ExtendedBindingProperties<KafkaConsumerProperties, KafkaProducerProperties>)
                binderFactory.getBinder(null, MessageChannel.class);

        assertThat(binder.getExtendedProducerProperties(Topics.DELIVERY).isSync()).isTrue();
        KafkaConsumerProperties consumer = binder.getExtendedConsumerProperties("reservationEvents-in-0");
        assertThat(consumer.isEnableDlq()).isTrue();
        assertThat(consumer.getDlqName()).isEqualTo(DeliveryIntegrationTest.DLQ);
        assertThat(bindingProperties.getBindingDestination("reservationEvents-in-0")).isEqualTo(Topics.RESERVATION);
        assertThat(bindingProperties.getGroup("reservationEvents-in-0")).isEqualTo("delivery");
    }
}
