package healthcheck.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doCallRealMethod;
import static org.mockito.Mockito.doThrow;

import healthcheck.events.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.messaging.MessageDeliveryException;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionExecution;
import org.springframework.transaction.TransactionExecutionListener;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronizationManager;

@SpringBootTest(classes = OutboxTestApplication.class)
@ExtendWith(OutputCaptureExtension.class)
@EmbeddedKafka(partitions = 1, topics = Topics.RESERVATION)
class OutboxRelayTest {

    @Autowired
    OutboxTestApplication.Bookings bookings;
    @MockitoSpyBean
    JdbcTemplate jdbc;
    @Autowired
    DataSource dataSource;
    @Autowired
    PlatformTransactionManager transactionManager;
    @Autowired
    EmbeddedKafkaBroker broker;
    @MockitoSpyBean
    StreamBridge streamBridge;

    private Consumer<String, String> consumer;
    private final List<ConsumerRecord<String, String>> received = new ArrayList<>();

    @BeforeEach
    void subscribe() {
        Map<String, Object> props = KafkaTestUtils.consumerProps(broker, "outbox-test-" + System.nanoTime(), false);
        props.put("auto.offset.reset", "earliest");
        consumer = new DefaultKafkaConsumerFactory<>(props, new org.apache.kafka.common.serialization.StringDeserializer(),
                new org.apache.kafka.common.serialization.StringDeserializer()).createConsumer();
        broker.consumeFromAnEmbeddedTopic(consumer, Topics.RESERVATION);
    }

    @AfterEach
    void close() {
        consumer.close();
    }

    private List<ConsumerRecord<String, String>> recordsWithKey(String key) {
        KafkaTestUtils.getRecords(consumer, Duration.ofMillis(300)).forEach(received::add);
        return received.stream().filter(r -> key.equals(r.key())).toList();
    }

    private int incompletePublications() {
        return jdbc.queryForObject("select count(*) from event_publication where completion_date is null",
                Integer.class);
    }

    @Test
    void runsOnTheDatabaseTheTestRunAsksFor() {
        // the PostgreSQL run (-Dhealthcheck.test.database=postgres) must really be on PostgreSQL, in its own schema
        boolean postgresRun = "postgres".equals(System.getProperty("healthcheck.test.database"));
        String product = jdbc.execute((ConnectionCallback<String>) c -> c.getMetaData().getDatabaseProductName());
        String schema = jdbc.execute((ConnectionCallback<String>) c -> c.getSchema());
        assertThat(product).isEqualTo(postgresRun ? "PostgreSQL" : "H2");
        if (postgresRun) {
            assertThat(schema).startsWith("t_");
            assertThat(jdbc.queryForObject("select count(*) from information_schema.tables where table_schema = ?"
                    + " and table_name in ('event_publication', 'processed_event', 'booking')", Integer.class, schema))
                    .isEqualTo(3);
        }
    }

    @Test
    void aCommittedChangeReachesKafkaKeyedByAggregateWithItsTypeHeader() {
        bookings.book(101, false);

        await().atMost(Duration.ofSeconds(20)).until(() -> recordsWithKey("101").size() == 1);
        ConsumerRecord<String, String> record = recordsWithKey("101").getFirst();
        assertThat(new String(record.headers().lastHeader(Topics.EVENT_TYPE_HEADER).value(), StandardCharsets.UTF_8))
                .contains("ReservationPlaced");
        assertThat(record.value()).contains("\"reservationId\":101", "\"holdId\":\"hold-101\"");
        await().atMost(Duration.ofSeconds(10)).until(() -> incompletePublications() == 0);
    }

    @Test
    void sentEventsAreMarkedCompletedInBatchesNotInATransactionEach() {
        bookings.book(600, false);
        await().atMost(Duration.ofSeconds(20)).until(() -> recordsWithKey("600").size() == 1);
        // the transaction each completion's DELETE ran in, by the connection it holds: one per transaction
        List<Object> transactionsOfDeletes = new CopyOnWriteArrayList<>();
        doAnswer(call -> {
            String sql = call.getArgument(0);
            if (sql.toUpperCase().matches("(?s)\\s*DELETE\\s+FROM\\s+EVENT_PUBLICATION\\s.*")) {
                Object transaction = TransactionSynchronizationManager.getResource(dataSource);
                transactionsOfDeletes.add(transaction != null ? transaction : "none");
            }
            return call.callRealMethod();
        }).when(jdbc).update(anyString(), any(Object[].class));

        LongStream.rangeClosed(601, 620).forEach(id -> bookings.book(id, false));

        await().atMost(Duration.ofSeconds(20)).until(() -> LongStream.rangeClosed(601, 620)
                .allMatch(id -> recordsWithKey(Long.toString(id)).size() == 1));
        await().atMost(Duration.ofSeconds(10)).until(() -> incompletePublications() == 0);
        assertThat(transactionsOfDeletes).hasSize(20).doesNotContain("none");
        Set<Object> transactions = Collections.newSetFromMap(new IdentityHashMap<>());
        transactions.addAll(transactionsOfDeletes);
        assertThat(transactions).as("transactions that marked 20 sent events completed")
                .hasSizeBetween(1, 10);
    }

    @Test
    void theRelaysThreadsSendEventsWithoutOpeningATransaction() {
        bookings.book(700, false);
        await().atMost(Duration.ofSeconds(20)).until(() -> recordsWithKey("700").size() == 1);
        Set<String> sendingThreads = ConcurrentHashMap.newKeySet();
        doAnswer(call -> {
            sendingThreads.add(Thread.currentThread().getName());
            return call.callRealMethod();
        }).when(streamBridge).send(anyString(), any(Object.class));
        List<String> transactionsBegunOn = new CopyOnWriteArrayList<>();
        TransactionExecutionListener begun = new TransactionExecutionListener() {
            @Override
            public void afterBegin(TransactionExecution transaction, Throwable beginFailure) {
                transactionsBegunOn.add(Thread.currentThread().getName());
            }
        };
        AbstractPlatformTransactionManager manager = (AbstractPlatformTransactionManager) transactionManager;
        manager.addListener(begun);
        try {
            LongStream.rangeClosed(701, 720).forEach(id -> bookings.book(id, false));

            await().atMost(Duration.ofSeconds(20)).until(() -> LongStream.rangeClosed(701, 720)
                    .allMatch(id -> recordsWithKey(Long.toString(id)).size() == 1));
            await().atMost(Duration.ofSeconds(10)).until(() -> incompletePublications() == 0);
        } finally {
            manager.getTransactionExecutionListeners().remove(begun);
        }
        assertThat(sendingThreads).isNotEmpty();
        // the registry's PROCESSING and completed marks each opened one (REQUIRES_NEW), empty: 40 for 20 events
        assertThat(transactionsBegunOn).as("transactions begun on the threads that sent the events")
                .filteredOn(sendingThreads::contains).isEmpty();
        assertThat(transactionsBegunOn).as("transactions that marked the 20 sent events completed")
                .filteredOn("outbox-completions"::equals).hasSizeBetween(1, 10);
    }

    @Test
    void aRolledBackChangePublishesNothing() {
        assertThatIllegalStateException().isThrownBy(() -> bookings.book(202, true));
        bookings.book(203, false);

        await().atMost(Duration.ofSeconds(20)).until(() -> recordsWithKey("203").size() == 1);
        assertThat(recordsWithKey("202")).isEmpty();
        assertThat(jdbc.queryForObject("select count(*) from booking where id = 202", Integer.class)).isZero();
    }

    @Test
    void anEventWhoseSendNeverEndsIsSentAgainOnceItsPublicationIsStale() throws InterruptedException {
        // the first send hangs, as one on an instance that died between commit and acknowledgement never ends
        CountDownLatch deadInstance = new CountDownLatch(1);
        AtomicBoolean first = new AtomicBoolean(true);
        doAnswer(call -> {
            if (first.getAndSet(false)) {
                deadInstance.await();
                throw new MessageDeliveryException("the instance is gone");
            }
            return call.callRealMethod();
        }).when(streamBridge).send(anyString(), any(Object.class));
        try {
            bookings.book(404, false);

            // at least once: a resend judged stale again before it completed may arrive twice, consumers dedupe
            await().atMost(Duration.ofSeconds(20)).until(() -> !recordsWithKey("404").isEmpty());
            assertThat(deadInstance.getCount()).as("the first send still hangs").isOne();
            await().atMost(Duration.ofSeconds(10)).until(() -> incompletePublications() == 0);
        } finally {
            deadInstance.countDown();
        }
    }

    @Test
    void aPublicationBeingSentStaysPublishedWithoutAStatusUpdateOfItsOwn() throws InterruptedException {
        CountDownLatch sending = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        doAnswer(call -> {
            sending.countDown();
            release.await();
            return call.callRealMethod();
        }).when(streamBridge).send(anyString(), any(Object.class));
        try {
            bookings.book(505, false);

            assertThat(sending.await(20, TimeUnit.SECONDS)).as("the relay is sending").isTrue();
            assertThat(jdbc.queryForList("select status from event_publication where completion_date is null"
                    + " and serialized_event like ?", String.class, "%\"reservationId\":505,%"))
                    .containsExactly("PUBLISHED");
        } finally {
            release.countDown();
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> recordsWithKey("505").size() == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> incompletePublications() == 0);
    }

    @Test
    void anEventKafkaRefusedIsKeptAndSentAgainLaterWithAWarningInsteadOfAStackTrace(CapturedOutput output) {
        doThrow(new MessageDeliveryException("broker unreachable")).doCallRealMethod()
                .when(streamBridge).send(anyString(), any(Object.class));

        bookings.book(303, false);

        await().atMost(Duration.ofSeconds(20)).until(() -> recordsWithKey("303").size() == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> incompletePublications() == 0);
        assertThat(output.getAll()).contains("(key 303) was not sent to Kafka (MessageDeliveryException: "
                + "broker unreachable); it stays in the outbox and is sent again");
        assertThat(output.getAll()).doesNotContain("Unexpected exception occurred invoking async method");
    }
}
