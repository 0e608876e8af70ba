package healthcheck.platform.inbox;

import static healthcheck.testsupport.TestTokens.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import healthcheck.testsupport.TestTokens;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.messaging.Message;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * The dead-letter tools every consuming service has, on the embedded broker with a real consumer that parks poison:
 * an operator sees what waits and why, and replays it to where it came from once; nobody else may look or replay,
 * but an operations tool holding the scope for it.
 */
@SpringBootTest(classes = DeadLetterDeskTest.App.class, properties = {
        "spring.cloud.function.definition=events;orders",
        "spring.cloud.stream.bindings.events-in-0.destination=" + DeadLetterDeskTest.TOPIC,
        "spring.cloud.stream.bindings.events-in-0.group=desk",
        "spring.cloud.stream.kafka.bindings.events-in-0.consumer.enable-dlq=true",
        "spring.cloud.stream.kafka.bindings.events-in-0.consumer.dlq-name=" + DeadLetterDeskTest.DLQ,
        "spring.cloud.stream.bindings.orders-in-0.destination=" + DeadLetterDeskTest.OTHER_TOPIC,
        "spring.cloud.stream.bindings.orders-in-0.group=desk",
        "spring.cloud.stream.kafka.bindings.orders-in-0.consumer.enable-dlq=true",
        "spring.cloud.stream.kafka.bindings.orders-in-0.consumer.dlq-name=" + DeadLetterDeskTest.OTHER_DLQ,
        "spring.cloud.stream.default.content-type=application/octet-stream",
        "healthcheck.consumer.max-pause=PT0.4S"})
@EmbeddedKafka(partitions = 1, topics = {DeadLetterDeskTest.TOPIC, DeadLetterDeskTest.DLQ,
        DeadLetterDeskTest.OTHER_TOPIC, DeadLetterDeskTest.OTHER_DLQ})
@AutoConfigureMockMvc
class DeadLetterDeskTest {

    static final String TOPIC = "desk-events";
    static final String DLQ = "desk-events.desk.dlq";
    static final String OTHER_TOPIC = "desk-orders";
    static final String OTHER_DLQ = "desk-orders.desk.dlq";

    /** How often the consumer saw each message; "poison:id" is always parked, anything else handled. */
    static final Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();

    @SpringBootApplication
    static class App {
        @Bean
        Consumer<Message<byte[]>> events() {
            return DeadLetterDeskTest::handle;
        }

        @Bean
        Consumer<Message<byte[]>> orders() {
            return DeadLetterDeskTest::handle;
        }
    }

    private static void handle(Message<byte[]> message) {
        String[] parts = new String(message.getPayload(), StandardCharsets.UTF_8).split(":");
        seen.computeIfAbsent(parts[parts.length - 1], k -> new AtomicInteger()).incrementAndGet();
        if (parts[0].equals("poison")) {
            throw new PoisonMessageException("type Nonsense is unknown");
        }
    }

    @Autowired
    EmbeddedKafkaBroker broker;

    @Autowired
    MockMvc mvc;

    private KafkaTemplate<String, String> producer;

    @BeforeEach
    void connect() {
        producer = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(KafkaTestUtils.producerProps(broker),
                new StringSerializer(), new StringSerializer()));
    }

    @AfterEach
    void close() {
        producer.destroy();
    }

    @Test
    void anOperatorSeesEachWaitingLetterWithItsReasonAndReplaysItToWhereItCameFromOnce() throws Exception {
        producer.send(TOPIC, "p1", "poison:p1");
        await().atMost(Duration.ofSeconds(30)).until(() -> offsetsWithKey(DLQ, "p1").size() == 1);

        mvc.perform(as(TestTokens.operator(), get("/dead-letters").param("topic", DLQ)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.letters[?(@.key == 'p1')].kind").value("POISON"))
                .andExpect(jsonPath("$.letters[?(@.key == 'p1')].reason")
                        .value(org.hamcrest.Matchers.hasItem(org.hamcrest.Matchers.containsString(
                                "type Nonsense is unknown"))))
                .andExpect(jsonPath("$.letters[?(@.key == 'p1')].originalTopic").value(TOPIC))
                .andExpect(jsonPath("$.letters[?(@.key == 'p1')].payload").value("poison:p1"));
        mvc.perform(as(TestTokens.operator(), get("/dead-letters").accept(MediaType.TEXT_PLAIN)))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.matchesPattern(
                        "(?s).*" + DLQ + " 0@\\d+ .*key=p1 .*POISON: .*type Nonsense is unknown.*"
                                + "\\n\\d+ dead letters waiting\\n")));
        long parkedAt = offsetsWithKey(DLQ, "p1").getFirst();

        mvc.perform(as(TestTokens.operator(), post("/dead-letters/replay").param("topic", DLQ)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.replayed[?(@.key == 'p1')].originalTopic").value(TOPIC))
                .andExpect(jsonPath("$.notReplayed").isEmpty());

        // sent back: the consumer sees it a second time, still cannot handle it, and parks it again, as a new letter
        await().atMost(Duration.ofSeconds(30)).until(() -> seen.get("p1").get() == 2);
        await().atMost(Duration.ofSeconds(30)).until(() -> offsetsWithKey(DLQ, "p1").size() == 1
                && offsetsWithKey(DLQ, "p1").getFirst() > parkedAt);
        mvc.perform(as(TestTokens.operator(), post("/dead-letters/replay").param("topic", OTHER_DLQ)))
                .andExpect(status().isOk());
        assertThat(seen.get("p1").get()).as("another topic's replay sends none of this one's").isEqualTo(2);
    }

    @Test
    void aLetterThatDoesNotSayWhereItCameFromKeepsWaitingAndHoldsBackTheLettersAfterIt() throws Exception {
        producer.send(new ProducerRecord<>(OTHER_DLQ, "orphan", "written by hand")).get();
        producer.send(OTHER_TOPIC, "p2", "poison:p2");
        await().atMost(Duration.ofSeconds(30)).until(() -> offsetsWithKey(OTHER_DLQ, "p2").size() == 1);

        for (int round = 0; round < 2; round++) {
            mvc.perform(as(TestTokens.operator(), post("/dead-letters/replay").param("topic", OTHER_DLQ)))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.replayed").isEmpty())
                    .andExpect(jsonPath("$.notReplayed[0].key").value("orphan"));
        }
        mvc.perform(as(TestTokens.operator(), get("/dead-letters").param("topic", OTHER_DLQ)))
                .andExpect(jsonPath("$.waiting").value(org.hamcrest.Matchers.greaterThanOrEqualTo(2)))
                .andExpect(jsonPath("$.letters[0].key").value("orphan"))
                .andExpect(jsonPath("$.letters[?(@.key == 'p2')]").isNotEmpty());
        assertThat(seen.get("p2").get()).as("not sent back past the orphan").isEqualTo(1);
    }

    @Test
    void onlyAnOperatorOrAToolWithTheDeadLettersScopeMayReadOrReplayTheDeadLetters() throws Exception {
        producer.send(TOPIC, "p3", "poison:p3");
        await().atMost(Duration.ofSeconds(30)).until(() -> offsetsWithKey(DLQ, "p3").size() == 1);

        mvc.perform(get("/dead-letters")).andExpect(status().isUnauthorized());
        mvc.perform(post("/dead-letters/replay")).andExpect(status().isUnauthorized());
        for (String token : List.of(TestTokens.customer("alice"), TestTokens.admin(),
                TestTokens.client("reservation", "schedule.hold"), TestTokens.forged("operator"))) {
            mvc.perform(as(token, get("/dead-letters")))
                    .andExpect(status().is(org.hamcrest.Matchers.oneOf(401, 403)))
                    .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
            mvc.perform(as(token, post("/dead-letters/replay")))
                    .andExpect(status().is(org.hamcrest.Matchers.oneOf(401, 403)));
        }
        mvc.perform(as(TestTokens.customer("alice"), get("/dead-letters"))).andExpect(status().isForbidden());
        // an operations tool, with its own client-credentials token and the scope for exactly this
        mvc.perform(as(TestTokens.client("healthcheck-tools", "dead-letters"), get("/dead-letters")))
                .andExpect(status().isOk());

        assertThat(seen.get("p3").get()).as("nothing was replayed").isEqualTo(1);
        mvc.perform(as(TestTokens.operator(), get("/dead-letters").param("topic", DLQ)))
                .andExpect(jsonPath("$.letters[?(@.key == 'p3')]").isNotEmpty());
    }

    @Test
    void aBadTopicNameOrLimitIsRefusedAndATopicNotItsOwnHoldsNoneOfItsLetters() throws Exception {
        mvc.perform(as(TestTokens.operator(), get("/dead-letters").param("topic", "../etc")))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(as(TestTokens.operator(), get("/dead-letters").param("limit", "0")))
                .andExpect(status().isBadRequest());
        mvc.perform(as(TestTokens.operator(), post("/dead-letters/replay").param("topic", "x".repeat(300))))
                .andExpect(status().isBadRequest());
        mvc.perform(as(TestTokens.operator(), get("/dead-letters").param("topic", "healthcheck.schedule.dlq")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.waiting").value(0))
                .andExpect(jsonPath("$.letters").isEmpty());
    }

    private static MockHttpServletRequestBuilder as(String token, MockHttpServletRequestBuilder request) {
        return request.header("Authorization", bearer(token));
    }

    /** The offsets of the letters with this key that are still waiting, as the desk answers them. */
    private List<Long> offsetsWithKey(String topic, String key) throws Exception {
        String body = mvc.perform(as(TestTokens.operator(), get("/dead-letters").param("topic", topic)
                .param("limit", "1000"))).andReturn().getResponse().getContentAsString();
        List<Number> offsets = JsonPath.read(body, "$.letters[?(@.key == '" + key + "')].offset");
        return offsets.stream().map(Number::longValue).toList();
    }
}
