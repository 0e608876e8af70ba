package healthcheck.customercenter.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import healthcheck.customercenter.IntegrationTestSupport;
import healthcheck.customercenter.domain.HistoryEntry;
import healthcheck.customercenter.domain.MyPage;
import healthcheck.customercenter.domain.MyPageView;
import healthcheck.customercenter.domain.MyPages;
import healthcheck.customercenter.domain.ReservationStatus;
import healthcheck.customercenter.domain.Step;
import healthcheck.events.DeliveryStatus;
import healthcheck.events.DeliveryStatusChanged;
import healthcheck.events.IntegrationEvent;
import healthcheck.events.ReservationCancelled;
import healthcheck.events.ReservationPlaced;
import healthcheck.events.Topics;
import healthcheck.platform.inbox.EventBatches;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.mockito.invocation.InvocationOnMock;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.relational.core.mapping.event.BeforeSaveEvent;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.test.util.AopTestUtils;

/**
 * The races EventConsumers' javadoc names, made to happen every time: another topic's consumer commits a change to
 * the same page after this consumer has read it and before it writes. The loser's write fails on the page's version
 * or primary key, and EventBatches runs its transaction again at once, so both events end up on the page and none
 * goes to the container's back-off or the dead-letter topic. Each test applies its event through the same
 * {@link EventBatches#apply} the bindings call, on the test thread, and has the other consumer's transaction run, to
 * its commit, from the store's own "about to write this page" event.
 */
class LostRaceRetryIntegrationTest extends IntegrationTestSupport {

    private static final Instant T0 = Instant.parse("2026-11-21T09:00:00Z");

    @Autowired
    EventBatches batches;

    @Autowired
    MyPageProjector projector;

    @Autowired
    ConfigurableApplicationContext context;

    @Autowired
    JdbcTemplate jdbc;

    /** What left MyPages on the way to the retry, per failed attempt. */
    private final List<Throwable> failedAttempts = new CopyOnWriteArrayList<>();

    @Test
    void aPageChangedByAnotherConsumerBetweenReadAndWriteLosesOnItsVersionAndIsAppliedAgain() {
        long reservationId = 3001;
        projector.apply(placed(reservationId));
        doAnswer(this::recordingFailures).when(spied())
                .bookingCancelled(eq(reservationId), anyLong(), anyInt(), any(), any());

        whileAnotherConsumerWritesFirst(reservationId,
                DeliveryStatusChanged.of(4001, reservationId, DeliveryStatus.REQUESTED, 1, T0.plusSeconds(1)),
                () -> batches.apply(batchOf(cancelled(reservationId)), projector::apply));

        // the version check failed the first attempt, and it reached the retry as itself (not wrapped): one of the
        // TransientDataAccessExceptions EventBatches runs a transaction again for
        assertThat(failedAttempts).singleElement().isExactlyInstanceOf(OptimisticLockingFailureException.class);
        verify(myPages, times(2)).bookingCancelled(eq(reservationId), anyLong(), anyInt(), any(), any());
        MyPage page = pageOf(reservationId);
        assertThat(page.reservationStatus()).isEqualTo(ReservationStatus.CANCELLED);
        assertThat(page.deliveryStatus()).isEqualTo(DeliveryStatus.REQUESTED);
        assertThat(historyOf(reservationId)).extracting(HistoryEntry::step)
                .containsExactly(Step.RESERVED, Step.MAILING_REQUESTED, Step.CANCELLED);
        // inserted at 0, then one update by the other consumer and one by the retried cancellation
        assertThat(jdbc.queryForObject("select version from my_page where reservation_id = ?", Long.class,
                reservationId)).isEqualTo(2);
    }

    @Test
    void aPageCreatedByAnotherConsumerBetweenReadAndWriteLosesOnThePrimaryKeyAndIsAppliedAgain() {
        long reservationId = 3002;
        doAnswer(this::recordingFailures).when(spied())
                .mailingChanged(eq(reservationId), anyLong(), any(), anyInt(), any());

        whileAnotherConsumerWritesFirst(reservationId, placed(reservationId),
                () -> batches.apply(batchOf(DeliveryStatusChanged.of(4002, reservationId, DeliveryStatus.REQUESTED,
                        1, T0.plusSeconds(1))), projector::apply));

        // the primary key failed the first attempt's insert: a DataIntegrityViolationException, which EventBatches
        // also runs a transaction again for
        assertThat(failedAttempts).singleElement().isInstanceOf(DataIntegrityViolationException.class);
        verify(myPages, times(2)).mailingChanged(eq(reservationId), anyLong(), any(), anyInt(), any());
        MyPage page = pageOf(reservationId);
        assertThat(page.reservationStatus()).isEqualTo(ReservationStatus.RESERVED);
        assertThat(page.deliveryStatus()).isEqualTo(DeliveryStatus.REQUESTED);
        assertThat(historyOf(reservationId)).extracting(HistoryEntry::step)
                .containsExactly(Step.RESERVED, Step.MAILING_REQUESTED);
        assertThat(jdbc.queryForObject("select count(*) from my_page_step where reservation_id = ?", Integer.class,
                reservationId)).isEqualTo(2);
    }

    /**
     * Runs {@code apply} on this thread; the first time it is about to write the page, {@code concurrent} is applied
     * to the same page by another thread, in its own transaction, and committed before the write goes ahead.
     */
    private void whileAnotherConsumerWritesFirst(long reservationId, IntegrationEvent concurrent, Runnable apply) {
        Thread applying = Thread.currentThread();
        AtomicBoolean armed = new AtomicBoolean(true);
        ApplicationListener<ApplicationEvent> interleave = event -> {
            if (event instanceof BeforeSaveEvent<?> saving && saving.getEntity() instanceof MyPage page
                    && page.reservationId() == reservationId && Thread.currentThread() == applying
                    && armed.compareAndSet(true, false)) {
                CompletableFuture.runAsync(() -> projector.apply(concurrent)).orTimeout(30, TimeUnit.SECONDS).join();
            }
        };
        context.addApplicationListener(interleave);
        try {
            apply.run();
        } finally {
            context.removeApplicationListener(interleave);
        }
        assertThat(armed).as("the other consumer's write ran").isFalse();
    }

    /**
     * The spy behind MyPages' transactional proxy: stubbed through the proxy, the stubbing call itself would need the
     * transaction that MyPages' methods require.
     */
    private MyPages spied() {
        return AopTestUtils.getUltimateTargetObject(myPages);
    }

    private Object recordingFailures(InvocationOnMock call) throws Throwable {
        try {
            return call.callRealMethod();
        } catch (RuntimeException e) {
            failedAttempts.add(e);
            throw e;
        }
    }

    private Message<List<byte[]>> batchOf(IntegrationEvent event) {
        return MessageBuilder.withPayload(List.of(codec.toMessage(event).getPayload()))
                .setHeader(KafkaHeaders.BATCH_CONVERTED_HEADERS, List.of(Map.of(Topics.EVENT_TYPE_HEADER, event.type())))
                .build();
    }

    private List<HistoryEntry> historyOf(long reservationId) {
        return myPages.find(reservationId).map(MyPageView::history).orElseThrow();
    }

    private MyPage pageOf(long reservationId) {
        return myPages.find(reservationId).map(MyPageView::page).orElseThrow();
    }

    private static ReservationPlaced placed(long reservationId) {
        return new ReservationPlaced(UUID.randomUUID(), ReservationPlaced.TYPE, 1, T0, reservationId, 300, 1,
                "c-lost-race", UUID.randomUUID().toString());
    }

    private static ReservationCancelled cancelled(long reservationId) {
        return new ReservationCancelled(UUID.randomUUID(), ReservationCancelled.TYPE, 1, T0.plusSeconds(5),
                reservationId, 300, 1, "c-lost-race", UUID.randomUUID().toString());
    }
}
