// bin/stack dlq — the stack's dead letters: list them with their reasons, or replay them after a fix.
// Run by bin/stack with the Kafka client jars of the stack's broker on the class path:
//   java -cp "<kafka lib>/*" DeadLetters.java BOOTSTRAP list|replay [TOPIC]
// A dead-letter topic is any topic whose name ends in ".dlq" (<topic>.<group>.dlq). What "waits" is what the
// replay consumer group (healthcheck-dlq-replay) has not replayed yet; replay sends each waiting dead letter back
// to the topic it came from, with its key, payload and own headers (not the dead-letter ones), then commits, so a
// dead letter is replayed once. A replayed event the consumer still cannot handle is parked again, as a new one.
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

public class DeadLetters {

    static final String GROUP = "healthcheck-dlq-replay";
    static final String ORIGINAL_TOPIC = "kafka_dlt-original-topic";
    static final String REASON = "healthcheck-dead-letter-reason";
    static final String KIND = "healthcheck-dead-letter-kind";

    public static void main(String[] args) throws Exception {
        if (args.length < 2 || !(args[1].equals("list") || args[1].equals("replay"))) {
            System.err.println("usage: DeadLetters BOOTSTRAP list|replay [TOPIC]");
            System.exit(2);
        }
        String bootstrap = args[0];
        boolean replay = args[1].equals("replay");
        Set<String> topics = deadLetterTopics(bootstrap, args.length > 2 ? args[2] : null);
        if (topics.isEmpty()) {
            System.out.println("no dead-letter topics" + (args.length > 2 ? " named " + args[2] : ""));
            return;
        }
        int waiting = 0;
        int replayed = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps(bootstrap));
             KafkaProducer<byte[], byte[]> producer = replay ? new KafkaProducer<>(producerProps(bootstrap)) : null) {
            for (String topic : topics) {
                List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                        .map(p -> new TopicPartition(topic, p.partition())).toList();
                consumer.assign(partitions);
                Map<TopicPartition, OffsetAndMetadata> committed =
                        consumer.committed(new java.util.HashSet<>(partitions));
                Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
                for (TopicPartition partition : partitions) {
                    OffsetAndMetadata done = committed.get(partition);
                    if (done != null) {
                        consumer.seek(partition, done.offset());
                    } else {
                        consumer.seekToBeginning(List.of(partition));
                    }
                }
                Map<TopicPartition, OffsetAndMetadata> progress = new HashMap<>();
                while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                    for (ConsumerRecord<byte[], byte[]> letter : consumer.poll(Duration.ofMillis(500))) {
                        waiting++;
                        System.out.printf("%s %d@%d  %s  key=%s type=%s  %s: %s%n", topic, letter.partition(),
                                letter.offset(), Instant.ofEpochMilli(letter.timestamp()), text(letter.key()),
                                header(letter, "eventType"), header(letter, KIND), header(letter, REASON));
                        if (replay) {
                            String original = header(letter, ORIGINAL_TOPIC);
                            if (original.isEmpty()) {
                                System.out.println("  not replayed: it does not say which topic it came from");
                                continue;
                            }
                            ProducerRecord<byte[], byte[]> again = new ProducerRecord<>(original, null,
                                    letter.key(), letter.value());
                            for (Header header : letter.headers()) {
                                boolean deadLetterOnly = header.key().startsWith("kafka_dlt-")
                                        || header.key().startsWith("healthcheck-dead-letter");
                                if (!deadLetterOnly) {
                                    again.headers().add(header);
                                }
                            }
                            producer.send(again).get();
                            replayed++;
                            System.out.println("  replayed to " + original);
                        }
                        progress.put(new TopicPartition(topic, letter.partition()),
                                new OffsetAndMetadata(letter.offset() + 1));
                    }
                }
                if (replay && !progress.isEmpty()) {
                    consumer.commitSync(progress);
                }
            }
        }
        System.out.println(replay ? replayed + " of " + waiting + " dead letters replayed"
                : waiting + " dead letters waiting (bin/stack dlq replay sends them back once fixed)");
    }

    static Set<String> deadLetterTopics(String bootstrap, String only) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
        try (Admin admin = Admin.create(props)) {
            Set<String> topics = new TreeSet<>();
            for (String name : admin.listTopics().names().get()) {
                if (name.endsWith(".dlq") && (only == null || only.equals(name))) {
                    topics.add(name);
                }
            }
            return topics;
        }
    }

    static Properties consumerProps(String bootstrap) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return props;
    }

    static Properties producerProps(String bootstrap) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return props;
    }

    static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? "" : text(header.value());
    }

    static String text(byte[] bytes) {
        return bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
    }
}
