package healthcheck.platform.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import healthcheck.events.IntegrationEvent;
import healthcheck.events.ReservationPlaced;
import healthcheck.events.Topics;
import healthcheck.platform.EventCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cloud.stream.binding.BindingsLifecycleController;
import org.springframework.cloud.stream.binding.BindingsLifecycleController.State;
import org.springframework.context.annotation.Bean;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.messaging.Message;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A binding in batch mode, as customercenter's and delivery's are, on the embedded broker and H2: what one poll
 * brought is applied in one transaction, and a failing event in the middle of it is still retried, or parked,
 * alone, while every other event of the batch is applied exactly once. Events are sent while the binding is
 * stopped, so they arrive together as one poll would bring them in a rush.
 */
@SpringBootTest(classes = EventBatchesTest.App.class, properties = {
        "spring.cloud.function.definition=events",
        "spring.cloud.stream.bindings.events-in-0.destination=" + EventBatchesTest.TOPIC,
        "spring.cloud.stream.bindings.events-in-0.group=test",
        "spring.cloud.stream.bindings.events-in-0.consumer.batch-mode=true",
        "spring.cloud.stream.bindings.events-in-0.consumer.auto-startup=false",
        "spring.cloud.stream.kafka.bindings.events-in-0.consumer.enable-dlq=true",
        "spring.cloud.stream.kafka.bindings.events-in-0.consumer.dlq-name=" + EventBatchesTest.DLQ,
        "spring.cloud.stream.default.content-type=application/octet-stream",
        "healthcheck.consumer.max-pause=PT0.4S"})
@EmbeddedKafka(partitions = 1, topics = {EventBatchesTest.TOPIC, EventBatchesTest.DLQ})
class EventBatchesTest {

    static final String TOPIC = "event-batches";
    static final String DLQ = "event-batches.test.dlq";
    static final String CONSUMER = "batch-test";
    /** A booking with this id fails in the handler, as a bug would: neither transient nor poison. */
    static final long FAILS_ALWAYS = 666;
    /** A booking with this id loses a race twice, as against another topic's consumer writing the same row. */
    static final long LOSES_TWO_RACES = 777;

    /** Commits of transactions that applied events (the outbox's and housekeeping's own are not counted). */
    static final AtomicInteger commits = new AtomicInteger();
    private static final Object COUNTED = new Object();
    static final Map<Long, AtomicInteger> attempts = new ConcurrentHashMap<>();

    @SpringBootApplication
    static class App {

        /** Books the reservation's id once per event; the primary key would refuse a second application. */
        @Bean
        Consumer<Message<List<byte[]>>> events(EventBatches batches, Inbox inbox, JdbcTemplate jdbc) {
            return batch -> batches.apply(batch, event -> {
                long id = ((ReservationPlaced) event).reservationId();
                attempts.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                countCommitOfCurrentTransaction();
                inbox.applyOnce(event, CONSUMER, () -> {
                    jdbc.update("insert into booking (id) values (?)", id);
                    if (id == FAILS_ALWAYS) {
                        throw new IllegalStateException("a bug");
                    }
                    if (id == LOSES_TWO_RACES && attempts.get(id).get() <= 2) {
                        throw new DuplicateKeyException("a concurrent insert of the same row");
                    }
                });
            });
        }
    }

    private static void countCommitOfCurrentTransaction() {
        if (TransactionSynchronizationManager.hasResource(COUNTED)) {
            return;
        }
        TransactionSynchronizationManager.bindResource(COUNTED, Boolean.TRUE);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                TransactionSynchronizationManager.unbindResource(COUNTED);
                if (status == STATUS_COMMITTED) {
                    commits.incrementAndGet();
                }
            }
        });
    }

    @Autowired
    EmbeddedKafkaBroker broker;
    @Autowired
    BindingsLifecycleController bindings;
    @Autowired
    EventCodec codec;
    @Autowired
    JdbcTemplate jdbc;

    private KafkaTemplate<byte[], byte[]> producer;
    private org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> deadLetters;
    private final List<ConsumerRecord<byte[], byte[]>> parked = new ArrayList<>();

    @BeforeEach
    void connect() {
        producer = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(KafkaTestUtils.producerProps(broker),
                new ByteArraySerializer(), new ByteArraySerializer()));
        Map<String, Object> props = KafkaTestUtils.consumerProps(broker, "dlq-reader-" + System.nanoTime(), false);
        props.put("auto.offset.reset", "earliest");
        deadLetters = new DefaultKafkaConsumerFactory<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer()).createConsumer();
        broker.consumeFromAnEmbeddedTopic(deadLetters, DLQ);
    }

    @AfterEach
    void stop() {
        bindings.changeState("events-in-0", State.STOPPED);
        deadLetters.close();
        producer.destroy();
    }

    @Test
    void theEventsOfOnePollAreAppliedInOneTransactionEachExactlyOnce() {
        List<Long> ids = LongStream.range(1_000, 1_200).boxed().toList();
        ids.forEach(id -> send(event(id)));
        int commitsBefore = commits.get();

        bindings.changeState("events-in-0", State.STARTED);

        await().atMost(Duration.ofSeconds(30)).until(() -> booked(1_000, 1_200) == ids.size());
        assertThat(commits.get() - commitsBefore)
                .as("commits for 200 events arriving together (one per event without batches)")
                .isLessThanOrEqualTo(5);
        assertThat(ids).allSatisfy(id -> assertThat(attempts.get(id).get()).isEqualTo(1));
    }

    @Test
    void anEventDeliveredTwiceInOneBatchIsAppliedOnceWithoutFailingTheBatch() {
        IntegrationEvent twice = event(4_000);
        send(twice);
        LongStream.range(4_001, 4_010).forEach(id -> send(event(id)));
        send(twice);
        int commitsBefore = commits.get();

        bindings.changeState("events-in-0", State.STARTED);

        await().atMost(Duration.ofSeconds(30)).until(() -> booked(4_000, 4_010) == 10);
        assertThat(commits.get() - commitsBefore)
                .as("the second copy is told apart inside the batch's transaction, not by a failed batch")
                .isLessThanOrEqualTo(3);
        assertThat(parkedWithKey("4000", Duration.ofMillis(200))).isEmpty();
    }

    @Test
    void anUndecodableEventInABatchIsParkedAloneAndTheEventsAroundItAreApplied() {
        sendTenAround(2_000, () -> producer.send(new ProducerRecord<>(TOPIC, null,
                "poison".getBytes(StandardCharsets.UTF_8), "{}".getBytes(StandardCharsets.UTF_8),
                List.of(new org.apache.kafka.common.header.internals.RecordHeader(Topics.EVENT_TYPE_HEADER,
                        "Nonsense".getBytes(StandardCharsets.UTF_8))))));

        bindings.changeState("events-in-0", State.STARTED);

        await().atMost(Duration.ofSeconds(30)).until(() -> booked(2_000, 2_010) == 10);
        await().atMost(Duration.ofSeconds(30)).until(() -> !parkedWithKey("poison", Duration.ofMillis(200)).isEmpty());
        assertThat(LongStream.range(2_000, 2_010)).allSatisfy(id -> assertThat(attempts.get(id).get())
                .as("event %d applied once, never attempted again", id).isEqualTo(1));
        assertThat(reason(parkedWithKey("poison", Duration.ZERO).getFirst())).contains("unknown event type Nonsense");
    }

    @Test
    void aFailingEventInABatchIsRetriedAloneThenParkedAndTheEventsAroundItAreAppliedOnce() {
        sendTenAround(3_000, () -> send(event(FAILS_ALWAYS)));

        bindings.changeState("events-in-0", State.STARTED);

        await().atMost(Duration.ofSeconds(30)).until(() -> booked(3_000, 3_010) == 10);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !parkedWithKey(Long.toString(FAILS_ALWAYS), Duration.ofMillis(200)).isEmpty());
        assertThat(reason(parkedWithKey(Long.toString(FAILS_ALWAYS), Duration.ZERO).getFirst()))
                .isEqualTo("java.lang.IllegalStateException: a bug");
        assertThat(booked(FAILS_ALWAYS, FAILS_ALWAYS + 1)).as("its effect rolled back every time").isZero();
        // the events before it: in the failed batch, then once more one by one (committed there)
        assertThat(LongStream.range(3_000, 3_005)).allSatisfy(id -> assertThat(attempts.get(id).get()).isEqualTo(2));
        assertThat(parked).extracting(r -> new String(r.key(), StandardCharsets.UTF_8))
                .doesNotContain("3000", "3004", "3005", "3009");
    }

    @Test
    void aBatchThatLostARaceIsNotTriedAgainButAppliedOneEventPerTransaction() {
        sendTenAround(5_000, () -> send(event(LOSES_TWO_RACES)));

        bindings.changeState("events-in-0", State.STARTED);

        await().atMost(Duration.ofSeconds(30)).until(() -> booked(5_000, 5_010) == 10
                && booked(LOSES_TWO_RACES, LOSES_TWO_RACES + 1) == 1);
        assertThat(LongStream.range(5_000, 5_005)).as("in the batch once, then in a transaction of their own")
                .allSatisfy(id -> assertThat(attempts.get(id).get()).isEqualTo(2));
        assertThat(attempts.get(LOSES_TWO_RACES).get()).as("the batch, then its own transaction twice").isEqualTo(3);
        assertThat(parkedWithKey(Long.toString(LOSES_TWO_RACES), Duration.ofMillis(200))).isEmpty();
    }

    private static IntegrationEvent event(long reservationId) {
        return ReservationPlaced.of(reservationId, 1, 1, "customer", "hold-" + reservationId);
    }

    /** Events {@code first} to {@code first + 9}, with {@code middle} sent between the fifth and the sixth. */
    private void sendTenAround(long first, Runnable middle) {
        LongStream.range(first, first + 5).forEach(id -> send(event(id)));
        middle.run();
        LongStream.range(first + 5, first + 10).forEach(id -> send(event(id)));
    }

    private void send(IntegrationEvent event) {
        Message<byte[]> message = codec.toMessage(event);
        producer.send(new ProducerRecord<>(TOPIC, null, event.key().getBytes(StandardCharsets.UTF_8),
                message.getPayload(), List.of(new org.apache.kafka.common.header.internals.RecordHeader(
                        Topics.EVENT_TYPE_HEADER, event.type().getBytes(StandardCharsets.UTF_8)))));
    }

    private int booked(long from, long to) {
        return jdbc.queryForObject("select count(*) from booking where id >= ? and id < ?", Integer.class, from, to);
    }

    private List<ConsumerRecord<byte[], byte[]>> parkedWithKey(String key, Duration wait) {
        if (!wait.isZero()) {
            KafkaTestUtils.getRecords(deadLetters, wait).forEach(parked::add);
        }
        return parked.stream().filter(r -> r.key() != null && key.equals(new String(r.key(), StandardCharsets.UTF_8)))
                .toList();
    }

    private static String reason(ConsumerRecord<?, ?> record) {
        var header = record.headers().lastHeader(ConsumerFailureHandling.REASON_HEADER);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }
}
