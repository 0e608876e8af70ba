package healthcheck.reservation.messaging;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
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
 * behind: for each group, the events on its topics it has not committed yet, summed over partitions; the worst
 * group's count is published once a second ({@link ConsumerLagMeasured}, a Spring event, on the polling thread).
 * A group with no live member (stopped, crashed and expired, never started) counts as not behind: nothing the
 * booking path does would let a dead consumer catch up, so it must not hold bookings back (its events wait in
 * Kafka, and the drills check they are all worked through once it is back). A member killed without leaving still
 * counts until Kafka expires its session (45 s). {@code -1} when Kafka cannot be asked.
 * <p>
 * Asked with Kafka's Admin client, as {@code kafka-consumer-groups --describe} does: Spring Kafka and Micrometer
 * measure lag only inside the consumer's own process, which is the process starved here.
 */
public class ConsumerLag implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ConsumerLag.class);

    private final List<String> groups;
    private final Duration interval;
    private final ApplicationEventPublisher events;
    private final Properties adminConfig = new Properties();
    private ScheduledExecutorService poller;
    /** Created on the polling thread: nothing connects to Kafka while the context starts. */
    private Admin admin;
    private volatile long worst = -1;

    public ConsumerLag(String brokers, List<String> groups, Duration interval, ApplicationEventPublisher events) {
        this.groups = List.copyOf(groups);
        this.interval = interval;
        this.events = events;
        adminConfig.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        adminConfig.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
        adminConfig.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
    }

    /** The worst live group's lag at the last poll, in events; -1 when Kafka could not be asked. */
    public long worst() {
        return worst;
    }

    @Override
    public synchronized void start() {
        poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "consumer-lag");
            thread.setDaemon(true);
            return thread;
        });
        poller.scheduleWithFixedDelay(this::poll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (poller != null) {
            poller.shutdownNow();
            try {
                poller.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            poller = null;
            closeAdmin();
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return poller != null;
    }

    private void poll() {
        long measured;
        try {
            if (admin == null) {
                admin = Admin.create(adminConfig);
            }
            measured = measure();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) {
            if (worst != -1) {
                log.warn("Consumers' lag cannot be measured now; bookings are not held back for it", e);
            }
            measured = -1;
        }
        worst = measured;
        try {
            events.publishEvent(new ConsumerLagMeasured(measured));
        } catch (RuntimeException e) {
            log.warn("A listener of the consumers' lag failed", e);
        }
    }

    private long measure() throws Exception {
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
            return 0;
        }
        Map<TopicPartition, ListOffsetsResultInfo> latest = admin.listOffsets(ends).all().get(3, TimeUnit.SECONDS);
        long worstGroup = 0;
        for (Map<TopicPartition, OffsetAndMetadata> offsets : committed.values()) {
            long behind = 0;
            for (var entry : offsets.entrySet()) {
                ListOffsetsResultInfo end = latest.get(entry.getKey());
                if (end != null && entry.getValue() != null) {
                    behind += Math.max(0, end.offset() - entry.getValue().offset());
                }
            }
            worstGroup = Math.max(worstGroup, behind);
        }
        return worstGroup;
    }

    private void closeAdmin() {
        Admin created = admin;
        admin = null;
        if (created != null) {
            created.close(Duration.ofSeconds(1));
        }
    }
}
