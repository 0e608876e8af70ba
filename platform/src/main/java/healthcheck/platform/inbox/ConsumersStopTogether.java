package healthcheck.platform.inbox;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * On a graceful stop, asks every consumer binding's listener container to stop at once and waits for all of them,
 * so that their consumers finish and close side by side.
 * <p>
 * Without it the binder's input bindings stop one after another, each waiting for its container: the consumer
 * finishes the events in hand, then its close waits behind the fetch in flight on its connection (up to
 * {@code fetch.max.wait.ms}, 500 ms, on an idle topic). Three idle bindings, as customercenter has, took up to
 * 1.5 s one by one and at most 0.5 s side by side (docs/benchmarks.md). Neither the binder nor spring-kafka stops
 * a group of containers together; the containers come from the binder's one hook for them,
 * {@link ConsumerFailureHandling}.
 * <p>
 * Its phase is one above the input bindings' ({@code DEFAULT_PHASE - 3000}) and below the web server's stop
 * ({@code - 2048}): the same point in the shutdown at which the bindings stopped the containers before; the
 * bindings then find them stopped.
 */
public final class ConsumersStopTogether implements SmartLifecycle {

    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 2999;

    private final List<MessageListenerContainer> containers = new CopyOnWriteArrayList<>();
    private volatile boolean running;

    void add(MessageListenerContainer container) {
        containers.add(container);
    }

    List<MessageListenerContainer> containers() {
        return List.copyOf(containers);
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop(Runnable callback) {
        running = false;
        List<MessageListenerContainer> toStop = containers();
        AtomicInteger stopping = new AtomicInteger(toStop.size() + 1);
        Runnable oneStopped = () -> {
            if (stopping.decrementAndGet() == 0) {
                callback.run();
            }
        };
        // a container already stopped calls back at once
        toStop.forEach(container -> container.stop(oneStopped));
        oneStopped.run();
    }

    @Override
    public void stop() {
        CountDownLatch stopped = new CountDownLatch(1);
        stop(stopped::countDown);
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
