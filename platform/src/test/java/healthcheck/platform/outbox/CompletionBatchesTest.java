package healthcheck.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.modulith.events.core.EventPublicationRepository;
import org.springframework.modulith.events.core.TargetEventPublication;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.transaction.support.TransactionSynchronizationManager;

@ExtendWith(OutputCaptureExtension.class)
class CompletionBatchesTest {

    /** Counts what reaches the database: one commit per transaction. */
    static class CountingTransactions extends AbstractPlatformTransactionManager {
        final AtomicInteger commits = new AtomicInteger();

        @Override
        protected Object doGetTransaction() {
            return new Object();
        }

        @Override
        protected void doBegin(Object transaction, TransactionDefinition definition) {
        }

        @Override
        protected void doCommit(DefaultTransactionStatus status) {
            commits.incrementAndGet();
        }

        @Override
        protected void doRollback(DefaultTransactionStatus status) {
        }
    }

    private final CountingTransactions transactions = new CountingTransactions();
    private final EventPublicationRepository library = mock(EventPublicationRepository.class);
    /** Each publication marked completed, and whether a transaction was open around the mark. */
    private final Map<UUID, Boolean> completed = new ConcurrentHashMap<>();
    private CompletionBatches batches;
    private EventPublicationRepository repository;

    private void startWith(Duration window) {
        doAnswer(call -> {
            completed.put(call.getArgument(0), TransactionSynchronizationManager.isActualTransactionActive());
            return null;
        }).when(library).markCompleted(any(UUID.class), any(Instant.class));
        doAnswer(call -> {
            completed.put(call.<TargetEventPublication>getArgument(0).getIdentifier(),
                    TransactionSynchronizationManager.isActualTransactionActive());
            return null;
        }).when(library).markCompleted(any(TargetEventPublication.class), any(Instant.class));
        batches = new CompletionBatches(window, new StaticListableBeanFactory(Map.of("transactionManager",
                transactions)).getBeanProvider(PlatformTransactionManager.class));
        repository = (EventPublicationRepository) batches.postProcessAfterInitialization(library, "repository");
        batches.start();
    }

    @AfterEach
    void stop() {
        if (batches != null) {
            batches.stop();
        }
    }

    @Test
    void completionsFromManySendsAreWrittenInOneTransactionPerWindowNotOnePerEvent() throws InterruptedException {
        startWith(Duration.ofMillis(200));
        List<UUID> sent = IntStream.range(0, 200).mapToObj(i -> UUID.randomUUID()).toList();

        try (ExecutorService relays = Executors.newFixedThreadPool(8)) {
            sent.forEach(id -> relays.submit(() -> repository.markCompleted(id, Instant.now())));
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> completed.size() == sent.size());
        assertThat(completed).containsOnlyKeys(sent);
        assertThat(completed.values()).as("each mark inside the batch's transaction").containsOnly(true);
        assertThat(transactions.commits.get()).as("commits for 200 completions").isBetween(1, 5);
    }

    @Test
    void theWayTheLibrarysRegistryCompletesAPublicationIsBatchedToo() {
        startWith(Duration.ofMillis(200));
        List<TargetEventPublication> sent = IntStream.range(0, 20).mapToObj(i -> {
            TargetEventPublication publication = mock(TargetEventPublication.class);
            when(publication.getIdentifier()).thenReturn(UUID.randomUUID());
            return publication;
        }).toList();

        sent.forEach(publication -> repository.markCompleted(publication, Instant.now()));

        assertThat(completed).isEmpty();
        await().atMost(Duration.ofSeconds(5)).until(() -> completed.size() == sent.size());
        assertThat(completed.values()).containsOnly(true);
        assertThat(transactions.commits.get()).isOne();
    }

    @Test
    void aCompletionWaitsAtMostTheWindow() {
        startWith(Duration.ofMillis(100));
        UUID id = UUID.randomUUID();
        long start = System.nanoTime();

        repository.markCompleted(id, Instant.now());

        assertThat(completed).isEmpty();
        await().atMost(Duration.ofSeconds(2)).until(() -> completed.containsKey(id));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void aGracefulStopWritesTheCompletionsStillWaiting() {
        startWith(Duration.ofHours(1));
        List<UUID> sent = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        sent.forEach(id -> repository.markCompleted(id, Instant.now()));
        // the writer has taken the first and is parked for the window's hour
        await().atMost(Duration.ofSeconds(5)).until(() -> Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("outbox-completions") && LockSupport.getBlocker(t) == batches));
        assertThat(completed).as("still inside the window").isEmpty();

        long start = System.nanoTime();
        batches.stop();

        assertThat(completed).containsOnlyKeys(sent);
        assertThat(transactions.commits.get()).isOne();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("woken, not waiting out the window")
                .isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void afterTheStopACompletionIsWrittenAtOnceAsTheLibraryWould() {
        startWith(Duration.ofHours(1));
        batches.stop();
        UUID id = UUID.randomUUID();

        repository.markCompleted(id, Instant.now());

        assertThat(completed).containsOnlyKeys(id);
    }

    @Test
    void aBatchTheDatabaseRefusesIsWarnedAboutAndLaterCompletionsAreStillWritten(CapturedOutput output) {
        AtomicBoolean databaseDown = new AtomicBoolean(true);
        startWith(Duration.ofMillis(50));
        doAnswer(call -> {
            if (databaseDown.get()) {
                throw new IllegalStateException("connection refused");
            }
            completed.put(call.getArgument(0), true);
            return null;
        }).when(library).markCompleted(any(UUID.class), any(Instant.class));

        repository.markCompleted(UUID.randomUUID(), Instant.now());
        await().atMost(Duration.ofSeconds(2)).until(() -> output.getOut().contains("could not be marked completed"));
        assertThat(output.getOut()).contains("1 sent event(s) could not be marked completed",
                "connection refused", "sent again once stale");

        databaseDown.set(false);
        UUID later = UUID.randomUUID();
        repository.markCompleted(later, Instant.now());
        await().atMost(Duration.ofSeconds(2)).until(() -> completed.containsKey(later));
    }

    @Test
    void everythingElseTheRepositoryDoesIsPassedThroughAtOnce() {
        startWith(Duration.ofHours(1));
        TargetEventPublication publication = mock(TargetEventPublication.class);

        Instant now = Instant.now();
        repository.create(publication);
        repository.markFailed(new UUID(0, 1));
        repository.markResubmitted(new UUID(0, 2), now);

        verify(library).create(publication);
        verify(library).markFailed(new UUID(0, 1));
        verify(library).markResubmitted(new UUID(0, 2), now);
        assertThat(transactions.commits.get()).isZero();
    }

    @Test
    void aWindowOfZeroLeavesTheLibrarysRepositoryAsItIs() {
        CompletionBatches off = new CompletionBatches(Duration.ZERO, new StaticListableBeanFactory()
                .getBeanProvider(PlatformTransactionManager.class));

        assertThat(off.postProcessAfterInitialization(library, "repository")).isSameAs(library);
        off.start();
        assertThat(off.isRunning()).isFalse();
    }

    @Test
    void itStopsAfterTheRelayHasWaitedForItsSends() {
        assertThat(CompletionBatches.PHASE).isLessThan(KafkaEventRelay.PHASE);
    }
}
