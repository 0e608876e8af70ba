package healthcheck.platform.outbox;

import healthcheck.events.IntegrationEvent;
import healthcheck.platform.EventCodec;
import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.context.SmartLifecycle;
import org.springframework.messaging.Message;
import org.springframework.scheduling.annotation.Async;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Sends committed integration events to their topic. The producer is synchronous (the binder waits for the
 * broker's acknowledgement), so a send that fails throws, the registry keeps the publication incomplete, and it
 * is sent again later: at-least-once, which the consumers' deduplication turns into exactly-once effects.
 * Asynchronous so that a Kafka outage never holds up the request that made the change.
 *
 * <p>On shutdown it waits for the sends in flight: the web server and the consumers have finished by then, and
 * the Kafka producer and the database are still open (see {@link #PHASE}). Spring Modulith's own
 * default waits 2 s for the async executor, at a point where the producer may be gone, while a send may take
 * {@code max.block.ms} + {@code delivery.timeout.ms} (13 s). A send cut off anyway (SIGKILL, or past the wait) is
 * not lost: its publication stays incomplete and is sent again, see {@link OutboxResubmitter}.
 */
public class KafkaEventRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(KafkaEventRelay.class);
    /**
     * Stops after the web server (graceful shutdown at DEFAULT_PHASE - 1024, stop at - 2048) and the consumer
     * bindings (- 3000), whose last requests and messages may still commit events, and before the output bindings
     * (Integer.MIN_VALUE + 1000) that carry the sends.
     */
    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    private final StreamBridge streamBridge;
    private final EventCodec codec;
    private final Duration shutdownWait;
    private final Supplier<Duration> pauseBeforeSend;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    private int inFlight;
    private volatile boolean running;

    public KafkaEventRelay(StreamBridge streamBridge, EventCodec codec, Duration shutdownWait,
            Supplier<Duration> pauseBeforeSend) {
        this.streamBridge = streamBridge;
        this.codec = codec;
        this.shutdownWait = shutdownWait;
        this.pauseBeforeSend = pauseBeforeSend;
    }

    @Async
    @TransactionalEventListener
    public void relay(IntegrationEvent event) {
        enter();
        try {
            pause();
            Message<byte[]> message = codec.toMessage(event);
            if (!streamBridge.send(event.topic(), message)) {
                throw new IllegalStateException("Kafka did not accept " + event.type() + " " + event.eventId());
            }
            log.debug("Relayed {} {} for key {}", event.type(), event.eventId(), event.key());
        } finally {
            leave();
        }
    }

    /** Sends still under way; what shutdown waits for. */
    int inFlight() {
        lock.lock();
        try {
            return inFlight;
        } finally {
            lock.unlock();
        }
    }

    private void enter() {
        lock.lock();
        try {
            inFlight++;
        } finally {
            lock.unlock();
        }
    }

    private void leave() {
        lock.lock();
        try {
            if (--inFlight == 0) {
                idle.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** The drills' fault switch (profile {@code faults}): holds the send as a crash between commit and send would. */
    private void pause() {
        Duration pause = pauseBeforeSend.get();
        if (pause.isPositive()) {
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        long deadline = System.nanoTime() + shutdownWait.toNanos();
        lock.lock();
        try {
            if (inFlight > 0) {
                log.info("Waiting up to {} for {} event send(s) in flight", shutdownWait, inFlight);
            }
            while (inFlight > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    log.warn("{} event send(s) still in flight after {}; their events are sent again later",
                            inFlight, shutdownWait);
                    return;
                }
                idle.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
