package healthcheck.platform.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.aopalliance.intercept.MethodInterceptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.SmartLifecycle;
import org.springframework.modulith.events.core.EventPublicationRepository;
import org.springframework.modulith.events.core.TargetEventPublication;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Marks the publications the relay has sent completed in one transaction per {@code window} instead of one per event.
 * Spring Modulith completes each publication on its own, in a transaction of its own: one commit per event sent,
 * which on the embedded databases is a chunk of whole B-tree pages written to the file (H2) or a synced log write
 * (HSQLDB), for the delete of a single row, and on PostgreSQL a WAL flush. That was a third of reservation's commits
 * per booking and most of delivery's, whose consumers already apply a poll's events in one transaction.
 * <p>
 * A completion waits at most {@code window} in memory. Lost there (a SIGKILL, or a database that refused the batch),
 * its publication stays incomplete and the event is sent again once it is stale (see healthcheck-defaults.yml):
 * a duplicate the consumers' inbox drops, never a lost event. A graceful stop writes what is waiting, after the
 * relay's own stop has waited for its sends (its phase is one below {@link KafkaEventRelay#PHASE}); a completion
 * after that is written at once, as before.
 * <p>
 * The registry's own {@code REQUIRES_NEW} transaction around each completion, left empty by the queue, is skipped
 * ({@link MarkOutsideTransaction}).
 * <p>
 * Written here because Spring Modulith has no batched completion; the writes themselves stay its repository's,
 * called as before but inside one transaction, so whatever its completion mode (delete, archive, update) does is
 * unchanged.
 */
public class CompletionBatches implements BeanPostProcessor, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CompletionBatches.class);
    static final int PHASE = KafkaEventRelay.PHASE - 1;

    private final Duration window;
    private final ObjectProvider<PlatformTransactionManager> transactionManager;
    private final BlockingQueue<Consumer<EventPublicationRepository>> waiting = new LinkedBlockingQueue<>();
    private volatile EventPublicationRepository repository;
    private volatile boolean running;
    private Thread writer;

    public CompletionBatches(Duration window, ObjectProvider<PlatformTransactionManager> transactionManager) {
        this.window = window;
        this.transactionManager = transactionManager;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (window.isPositive() && MarkOutsideTransaction.install(bean, "markCompleted", () -> running)) {
            return bean;
        }
        if (!(bean instanceof EventPublicationRepository target) || !window.isPositive()) {
            return bean;
        }
        repository = target;
        ProxyFactory proxy = new ProxyFactory();
        proxy.setTarget(target);
        proxy.setInterfaces(EventPublicationRepository.class);
        proxy.addAdvice((MethodInterceptor) invocation -> {
            Consumer<EventPublicationRepository> completion = running
                    && "markCompleted".equals(invocation.getMethod().getName())
                    ? completion(invocation.getArguments()) : null;
            if (completion == null) {
                return invocation.proceed();
            }
            waiting.add(completion);
            return null;
        });
        return proxy.getProxy(target.getClass().getClassLoader());
    }

    /**
     * The two ways Spring Modulith marks a publication it holds completed (its registry calls the first, whose default
     * calls the second on the repository itself, past this proxy). The third, by the event and its listener, is for a
     * publication it no longer holds in memory, and is left to run at once.
     */
    private static Consumer<EventPublicationRepository> completion(Object[] arguments) {
        if (arguments.length != 2 || !(arguments[1] instanceof Instant at)) {
            return null;
        }
        return switch (arguments[0]) {
            case TargetEventPublication publication -> repository -> repository.markCompleted(publication, at);
            case UUID publication -> repository -> repository.markCompleted(publication, at);
            default -> null;
        };
    }

    @Override
    public void start() {
        if (repository == null || running) {
            return;
        }
        running = true;
        writer = Thread.ofPlatform().daemon().name("outbox-completions").start(this::writeBatches);
    }

    private void writeBatches() {
        TransactionTemplate transactions = new TransactionTemplate(transactionManager.getObject());
        while (running || !waiting.isEmpty()) {
            List<Consumer<EventPublicationRepository>> batch = new ArrayList<>();
            Consumer<EventPublicationRepository> first;
            try {
                first = waiting.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (first == null) {
                continue;
            }
            batch.add(first);
            long until = System.nanoTime() + window.toNanos();
            while (running && until - System.nanoTime() > 0) {
                // parked, not interrupted, to be woken by stop(): an interrupt would close H2's file channel
                LockSupport.parkNanos(this, until - System.nanoTime());
            }
            waiting.drainTo(batch);
            write(transactions, batch);
        }
    }

    private void write(TransactionTemplate transactions, List<Consumer<EventPublicationRepository>> batch) {
        if (batch.isEmpty()) {
            return;
        }
        try {
            transactions.executeWithoutResult(status -> batch.forEach(completion -> completion.accept(repository)));
        } catch (RuntimeException e) {
            log.warn("{} sent event(s) could not be marked completed ({}); they are sent again once stale, and the "
                    + "consumers drop the copies", batch.size(), e.toString());
        }
    }

    @Override
    public void stop() {
        running = false;
        Thread stopping = writer;
        if (stopping == null) {
            return;
        }
        LockSupport.unpark(stopping);
        try {
            stopping.join(TimeUnit.SECONDS.toMillis(10));
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
