package healthcheck.schedule.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import healthcheck.schedule.domain.Hold;
import healthcheck.schedule.domain.HoldRepository;
import healthcheck.schedule.domain.Schedule;
import healthcheck.schedule.domain.ScheduleRepository;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.SimpleTransactionStatus;

/** The portable take's order of statements and commit, with the repositories stubbed. */
class TransactionalHoldTakerTest {

    private final ScheduleRepository schedules = mock(ScheduleRepository.class);
    private final HoldRepository holds = mock(HoldRepository.class);
    private final PlatformTransactionManager transactions = mock(PlatformTransactionManager.class);
    private final TransactionalHoldTaker taker = new TransactionalHoldTaker(schedules, holds, transactions);
    private final SimpleTransactionStatus transaction = new SimpleTransactionStatus();
    private final Hold hold = Hold.held(UUID.randomUUID().toString(), 1, 7, 4, Instant.now());

    TransactionalHoldTakerTest() {
        when(transactions.getTransaction(any())).thenReturn(transaction);
        when(holds.save(any(Hold.class))).thenAnswer(i -> i.getArgument(0));
        when(schedules.findById(1L)).thenReturn(Optional.of(Schedule.register(1, 10, null, null, null, null,
                Instant.now())));
    }

    @Test
    void theTakeIsTheTransactionsLastStatementAndThePlacesLeftAreReadAfterItCommitted() {
        when(schedules.take(1, 4)).thenReturn(1);

        assertThat(taker.take(hold)).hasValue(10);
        assertThat(transaction.isRollbackOnly()).isFalse();

        // the schedule's row stays locked from the take to the commit, so nothing may run in between
        InOrder order = inOrder(holds, schedules, transactions);
        order.verify(holds).save(hold);
        order.verify(schedules).take(1, 4);
        order.verify(transactions).commit(any());
        order.verify(schedules).findById(1L);
    }

    @Test
    void aTakeThatDoesNotFitRollsTheHoldRowBack() {
        when(schedules.take(1, 4)).thenReturn(0);

        assertThat(taker.take(hold)).isEmpty();

        // TransactionTemplate hands a rollback-only transaction to commit(), which rolls it back
        assertThat(transaction.isRollbackOnly()).isTrue();
        verify(schedules, never()).findById(1L);
    }
}
