package healthcheck.platform.kafka;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * One daemon thread that asks Kafka's Admin client for what a service watches in the background (its dead letters,
 * its consumers' lag). The client is created on that thread by the first question, so nothing connects to Kafka while
 * a context starts, and every call gives up after {@code timeout}, so a Kafka that is down costs a warning, not a
 * thread stuck for the client's default minute.
 * <p>
 * Written here rather than taken from Spring Kafka's {@code KafkaAdmin}, which opens a new client for each question:
 * a connection and a metadata fetch per poll, once a second.
 */
public final class AdminThread implements AutoCloseable {

    private final Properties config = new Properties();
    private final ScheduledExecutorService thread;
    /** Only touched on {@link #thread}. */
    private Admin admin;

    public AdminThread(String name, String brokers, Duration timeout) {
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread created = new Thread(runnable, name);
            created.setDaemon(true);
            return created;
        });
    }

    /** The client, created by the first call; call it only from a task this thread runs. */
    public Admin admin() {
        if (admin == null) {
            admin = Admin.create(config);
        }
        return admin;
    }

    public void execute(Runnable task) {
        thread.execute(task);
    }

    public void every(Duration interval, Runnable task) {
        thread.scheduleWithFixedDelay(task, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops the thread (interrupting a question under way) and then closes the client on it. */
    @Override
    public void close() throws InterruptedException {
        thread.shutdownNow();
        if (thread.awaitTermination(5, TimeUnit.SECONDS) && admin != null) {
            admin.close(Duration.ofSeconds(1));
            admin = null;
        }
    }
}
