package healthcheck.platform.inbox;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * How many dead letters wait on this service's dead-letter topics ({@code deadLetters} in its health, which the
 * gateway's {@code /system/status} adds up): parked and not yet replayed by {@code bin/stack dlq replay} (its
 * consumer group {@value #REPLAY_GROUP}). Never part of readiness: a parked message is an operator's task, not a
 * reason to stop serving.
 * <p>
 * Counted in the background, at most every {@code refresh}, and answered from the last count, so a health call
 * never waits for Kafka; while Kafka cannot be asked it says UNKNOWN with the last known count.
 */
public class DeadLetterCount implements HealthIndicator, AutoCloseable {

    public static final String REPLAY_GROUP = "healthcheck-dlq-replay";

    private final List<String> topics;
    private final Properties adminConfig;
    /** Created by the first count, on the counting thread: nothing connects to Kafka while the context starts. */
    private volatile Admin admin;
    private final Duration refresh;
    private final ExecutorService counter = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "dead-letter-count");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean counting = new AtomicBoolean();
    private volatile long countedAtNanos = System.nanoTime() - Duration.ofDays(1).toNanos();
    private volatile Map<String, Long> waiting;
    private volatile String failure = "not counted yet";

    public DeadLetterCount(String brokers, List<String> topics, Duration refresh) {
        this.topics = List.copyOf(topics);
        this.refresh = refresh;
        this.adminConfig = new Properties();
        adminConfig.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        adminConfig.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
        adminConfig.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
    }

    @Override
    public Health health() {
        if (System.nanoTime() - countedAtNanos > refresh.toNanos() && counting.compareAndSet(false, true)) {
            counter.execute(this::count);
        }
        Map<String, Long> known = waiting;
        Health.Builder health = failure == null ? Health.up() : Health.unknown().withDetail("error", failure);
        if (known != null) {
            health.withDetail("count", known.values().stream().mapToLong(Long::longValue).sum())
                    .withDetail("topics", known);
        }
        return health.build();
    }

    private void count() {
        // a service without dead-letter topics (reservation consumes nothing) needs no connection to count none
        if (topics.isEmpty()) {
            waiting = Map.of();
            failure = null;
            countedAtNanos = System.nanoTime();
            counting.set(false);
            return;
        }
        try {
            if (admin == null) {
                admin = Admin.create(adminConfig);
            }
            Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
            for (var described : admin.describeTopics(topics).topicNameValues().entrySet()) {
                try {
                    described.getValue().get(5, TimeUnit.SECONDS).partitions().forEach(p -> partitions.put(
                            new TopicPartition(described.getKey(), p.partition()), OffsetSpec.latest()));
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                        throw e;
                    }
                    // nothing was ever parked there: the topic is created with the first dead letter
                }
            }
            Map<TopicPartition, ListOffsetsResultInfo> ends = admin.listOffsets(partitions).all()
                    .get(5, TimeUnit.SECONDS);
            Map<TopicPartition, ListOffsetsResultInfo> starts = admin.listOffsets(partitions.keySet().stream()
                    .collect(Collectors.toMap(p -> p, p -> OffsetSpec.earliest()))).all().get(5, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetAndMetadata> replayed = admin.listConsumerGroupOffsets(REPLAY_GROUP)
                    .partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
            Map<String, Long> counted = new TreeMap<>();
            topics.forEach(topic -> counted.put(topic, 0L));
            ends.forEach((partition, end) -> {
                OffsetAndMetadata done = replayed.get(partition);
                long from = Math.max(starts.get(partition).offset(), done == null ? 0 : done.offset());
                counted.merge(partition.topic(), Math.max(0, end.offset() - from), Long::sum);
            });
            waiting = counted;
            failure = null;
        } catch (Exception e) {
            failure = "Kafka could not be asked: " + e.getClass().getSimpleName();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        } finally {
            countedAtNanos = System.nanoTime();
            counting.set(false);
        }
    }

    @Override
    public void close() throws InterruptedException {
        counter.shutdownNow();
        counter.awaitTermination(5, TimeUnit.SECONDS);
        Admin created = admin;
        if (created != null) {
            created.close(Duration.ofSeconds(2));
        }
    }
}
