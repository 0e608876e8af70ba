package healthcheck.platform.inbox;

import healthcheck.platform.refusal.Refusal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * This service's dead letters, for its operators: what waits on its dead-letter topics (each letter with the reason
 * it was parked), and a replay that sends each back to the topic it came from once its cause is fixed. "Waiting"
 * means not yet replayed by the consumer group {@value DeadLetterCount#REPLAY_GROUP}, whose committed offset moves
 * past a letter only after the letter was sent back and acknowledged, so a replay cut short sends a letter again
 * rather than never (the consumer's inbox drops the repeat). A replayed event its consumer still cannot handle is
 * parked again, as a new letter.
 * <p>
 * Written on Kafka's own clients because neither Spring Kafka nor Spring Cloud Stream offers a way to read a
 * topic from a committed offset up to its end on request; one call at a time per instance (the calls are an
 * operator's, not traffic).
 */
public class DeadLetterDesk {

    static final String ORIGINAL_TOPIC_HEADER = "kafka_dlt-original-topic";
    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(10);

    private final List<String> topics;
    private final String brokers;

    public DeadLetterDesk(String brokers, List<String> topics) {
        this.brokers = brokers;
        this.topics = List.copyOf(topics);
    }

    /** A parked event as an operator reads it: where it was parked, why, and what it was. */
    public record Letter(String topic, int partition, long offset, Instant parkedAt, String key, String eventType,
            String kind, String reason, String originalTopic, String payload) {

        static Letter of(ConsumerRecord<byte[], byte[]> record) {
            return new Letter(record.topic(), record.partition(), record.offset(),
                    Instant.ofEpochMilli(record.timestamp()), text(record.key()), header(record, "eventType"),
                    header(record, ConsumerFailureHandling.KIND_HEADER),
                    header(record, ConsumerFailureHandling.REASON_HEADER), header(record, ORIGINAL_TOPIC_HEADER),
                    text(record.value()));
        }
    }

    /** How many letters wait, and the first {@code limit} of them in topic and offset order. */
    public record Waiting(long waiting, List<Letter> letters) {
    }

    /**
     * What a replay sent back, and what it could not: a letter that does not say where it came from stops its
     * partition's replay there (it and the letters after it keep waiting), so nothing is skipped unseen.
     */
    public record Replayed(List<Letter> replayed, List<Letter> notReplayed) {
    }

    /**
     * Kafka could not be asked within its timeout. A replay cut short by it has committed only what was sent back
     * and acknowledged, so asking again later replays the rest.
     */
    public static class KafkaUnreachable extends Refusal {
        KafkaUnreachable(Throwable cause) {
            super(Kind.UNAVAILABLE, "KAFKA_UNAVAILABLE", "Kafka cannot be reached",
                    "The dead letters could not be read from Kafka; ask again once it is back.", cause);
            retryAfter(Duration.ofSeconds(5));
        }
    }

    /** The dead-letter topics of this service's consumers; a topic outside them is simply none of its letters. */
    public List<String> topics() {
        return topics;
    }

    public synchronized Waiting waiting(Optional<String> topic, int limit) {
        List<Letter> letters = new ArrayList<>();
        long[] waiting = {0};
        walk(topic, (consumer, partition, end) -> {
            waiting[0] += end - consumer.position(partition);
            while (letters.size() < limit && consumer.position(partition) < end) {
                for (ConsumerRecord<byte[], byte[]> record : next(consumer, partition, end)) {
                    if (letters.size() < limit && record.offset() < end) {
                        letters.add(Letter.of(record));
                    }
                }
            }
        });
        return new Waiting(waiting[0], List.copyOf(letters));
    }

    public synchronized Replayed replay(Optional<String> topic) {
        List<Letter> replayed = new ArrayList<>();
        List<Letter> notReplayed = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig())) {
            walk(topic, (consumer, partition, end) -> {
                long done = consumer.position(partition);
                partition:
                while (consumer.position(partition) < end) {
                    for (ConsumerRecord<byte[], byte[]> record : next(consumer, partition, end)) {
                        if (record.offset() >= end) {
                            break partition;
                        }
                        Letter letter = Letter.of(record);
                        if (letter.originalTopic().isEmpty()) {
                            notReplayed.add(letter);
                            break partition;
                        }
                        await(producer.send(again(record, letter.originalTopic())));
                        replayed.add(letter);
                        done = record.offset() + 1;
                    }
                }
                if (done > 0) {
                    consumer.commitSync(Map.of(partition, new OffsetAndMetadata(done)), KAFKA_TIMEOUT);
                }
            });
        }
        return new Replayed(List.copyOf(replayed), List.copyOf(notReplayed));
    }

    /**
     * The partition's next letters. Short of the end it had when asked, a partition that yields nothing for as long
     * as Kafka's own timeout is unreachable: an operator's call gets a 503 rather than hanging.
     */
    private static ConsumerRecords<byte[], byte[]> next(KafkaConsumer<byte[], byte[]> consumer,
            TopicPartition partition, long end) {
        long deadline = System.nanoTime() + KAFKA_TIMEOUT.toNanos();
        while (true) {
            ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
            if (!records.isEmpty() || consumer.position(partition) >= end) {
                return records;
            }
            if (System.nanoTime() > deadline) {
                throw new KafkaUnreachable(new TimeoutException("no letter came within " + KAFKA_TIMEOUT));
            }
        }
    }

    /** The original key, payload and headers, without the ones the dead-lettering added. */
    private static ProducerRecord<byte[], byte[]> again(ConsumerRecord<byte[], byte[]> record, String topic) {
        ProducerRecord<byte[], byte[]> again = new ProducerRecord<>(topic, null, record.key(), record.value());
        for (Header header : record.headers()) {
            boolean addedByDeadLettering = header.key().startsWith("kafka_dlt-")
                    || header.key().startsWith("healthcheck-dead-letter");
            if (!addedByDeadLettering) {
                again.headers().add(header);
            }
        }
        return again;
    }

    @FunctionalInterface
    private interface PartitionVisit {
        void visit(KafkaConsumer<byte[], byte[]> consumer, TopicPartition partition, long end);
    }

    /** Each partition of the chosen topics, positioned at its first waiting letter, with its end at the start. */
    private void walk(Optional<String> only, PartitionVisit visit) {
        List<String> chosen = topics.stream().filter(topic -> only.map(topic::equals).orElse(true)).toList();
        if (chosen.isEmpty()) {
            return;
        }
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig())) {
            for (String topic : chosen) {
                List<PartitionInfo> described = consumer.partitionsFor(topic, KAFKA_TIMEOUT);
                if (described == null || described.isEmpty()) {
                    continue; // nothing was ever parked there: the topic comes with its first letter
                }
                List<TopicPartition> partitions = described.stream()
                        .map(info -> new TopicPartition(topic, info.partition()))
                        .sorted(Comparator.comparingInt(TopicPartition::partition)).toList();
                consumer.assign(partitions);
                Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(partitions),
                        KAFKA_TIMEOUT);
                Map<TopicPartition, Long> starts = consumer.beginningOffsets(partitions, KAFKA_TIMEOUT);
                Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, KAFKA_TIMEOUT);
                for (TopicPartition partition : partitions) {
                    OffsetAndMetadata done = committed.get(partition);
                    // letters deleted by retention are gone from the topic: start at the first one still there
                    long from = Math.max(starts.get(partition), done == null ? 0 : done.offset());
                    consumer.assign(List.of(partition));
                    consumer.seek(partition, from);
                    visit.visit(consumer, partition, ends.get(partition));
                }
            }
        } catch (KafkaException e) {
            throw new KafkaUnreachable(e);
        }
    }

    private static void await(Future<?> sent) {
        try {
            sent.get(KAFKA_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaUnreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaUnreachable(e);
        }
    }

    private Map<String, Object> consumerConfig() {
        return Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                ConsumerConfig.GROUP_ID_CONFIG, DeadLetterCount.REPLAY_GROUP,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                // asking for a topic nothing was parked on yet must not create it
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) KAFKA_TIMEOUT.toMillis(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    }

    private Map<String, Object> producerConfig() {
        return Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) KAFKA_TIMEOUT.toMillis(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? "" : text(header.value());
    }

    private static String text(byte[] bytes) {
        return bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
    }
}
