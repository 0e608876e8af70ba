package healthcheck.reservation.messaging;

import healthcheck.platform.kafka.AdminThread;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;

/**
 * How far the consumers that turn bookings into mailings and MyPages (delivery's and customercenter's groups) are
 * behind: for each group, the events on its topics it has not committed yet, summed over partitions, and how long
 * the oldest of them has waited ({@link WriteTimes}); the worst group's count and the longest wait are published once
 * a second ({@link ConsumerLagMeasured}, a Spring event, on the polling thread).
 * A group with no live member (stopped, crashed and expired, never started) counts as not behind: nothing the
 * booking path does would let a dead consumer catch up, so it must not hold bookings back (its events wait in
 * Kafka, and the drills check they are all worked through once it is back). A member killed without leaving still
 * counts until Kafka expires its session (the services ask for 10 s). {@code -1} when Kafka cannot be asked.
 * <p>
 * Asked with Kafka's Admin client, as {@code kafka-consumer-groups --describe} does: Spring Kafka and Micrometer
 * measure lag only inside the consumer's own process, which is the process starved here.
 */
public class ConsumerLag implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ConsumerLag.class);

    private final String brokers;
    private final List<String> groups;
    private final Duration interval;
    private final ApplicationEventPublisher events;
    private AdminThread kafka;
    /** Only touched on the polling thread. */
    private long worst = -1;
    /** Only touched on the polling thread. */
    private final WriteTimes writeTimes = new WriteTimes();

    public ConsumerLag(String brokers, List<String> groups, Duration interval, ApplicationEventPublisher events) {
        this.brokers = brokers;
        this.groups = List.copyOf(groups);
        this.interval = interval;
        this.events = events;
    }

    @Override
    public synchronized void start() {
        AdminThread started = new AdminThread("consumer-lag", brokers, Duration.ofSeconds(3));
        started.every(interval, () -> poll(started));
        kafka = started;
    }

    @Override
    public synchronized void stop() {
        if (kafka != null) {
            try {
                kafka.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            kafka = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return kafka != null;
    }

    private void poll(AdminThread on) {
        ConsumerLagMeasured measured;
        try {
            measured = measure(on.admin());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) {
            if (worst != -1) {
                log.warn("Consumers' lag cannot be measured now; bookings are not held back for it", e);
            }
            measured = ConsumerLagMeasured.unknown();
        }
        worst = measured.worst();
        try {
            events.publishEvent(measured);
        } catch (RuntimeException e) {
            log.warn("A listener of the consumers' lag failed", e);
        }
    }

    private ConsumerLagMeasured measure(Admin admin) throws Exception {
        Map<String, KafkaFuture<ConsumerGroupDescription>> described = admin.describeConsumerGroups(groups)
                .describedGroups();
        Map<String, Map<TopicPartition, OffsetAndMetadata>> committed = new HashMap<>();
        Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
        for (String group : groups) {
            ConsumerGroupDescription description;
            try {
                description = described.get(group).get(3, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof GroupIdNotFoundException) {
                    continue; // never started: nobody to wait for
                }
                throw e;
            }
            if (description.members().isEmpty()) {
                continue; // stopped, or crashed and its session expired: nobody to wait for
            }
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(3, TimeUnit.SECONDS);
            committed.put(group, offsets);
            offsets.keySet().forEach(partition -> ends.put(partition, OffsetSpec.latest()));
        }
        if (ends.isEmpty()) {
            return new ConsumerLagMeasured(0, Duration.ZERO);
        }
        Map<TopicPartition, ListOffsetsResultInfo> latest = admin.listOffsets(ends).all().get(3, TimeUnit.SECONDS);
        long now = System.nanoTime();
        latest.forEach((partition, end) -> writeTimes.saw(partition, end.offset(), now));
        long worstGroup = 0;
        Duration oldest = Duration.ZERO;
        for (Map<TopicPartition, OffsetAndMetadata> offsets : committed.values()) {
            long behind = 0;
            for (var entry : offsets.entrySet()) {
                ListOffsetsResultInfo end = latest.get(entry.getKey());
                if (end != null && entry.getValue() != null) {
                    behind += Math.max(0, end.offset() - entry.getValue().offset());
                    Duration waiting = writeTimes.waitingSince(entry.getKey(), entry.getValue().offset(), now);
                    if (waiting.compareTo(oldest) > 0) {
                        oldest = waiting;
                    }
                }
            }
            worstGroup = Math.max(worstGroup, behind);
        }
        return new ConsumerLagMeasured(worstGroup, oldest);
    }
}
