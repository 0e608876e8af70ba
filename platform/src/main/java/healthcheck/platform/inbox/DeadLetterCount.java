package healthcheck.platform.inbox;

import healthcheck.platform.kafka.AdminThread;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
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
    private final AdminThread kafka;
    private final Duration refresh;
    private final AtomicBoolean counting = new AtomicBoolean();
    private volatile long countedAtNanos = System.nanoTime() - Duration.ofDays(1).toNanos();
    private volatile Map<String, Long> waiting;
    private volatile String failure = "not counted yet";

    public DeadLetterCount(String brokers, List<String> topics, Duration refresh) {
        this.topics = List.copyOf(topics);
        this.refresh = refresh;
        this.kafka = new AdminThread("dead-letter-count", brokers, Duration.ofSeconds(5));
    }

    @Override
    public Health health() {
        if (System.nanoTime() - countedAtNanos > refresh.toNanos() && counting.compareAndSet(false, true)) {
            kafka.execute(this::count);
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
            Admin admin = kafka.admin();
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
        kafka.close();
    }
}
