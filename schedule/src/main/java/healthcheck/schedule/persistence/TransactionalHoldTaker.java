package healthcheck.schedule.persistence;

import healthcheck.schedule.domain.Hold;
import healthcheck.schedule.domain.HoldRepository;
import healthcheck.schedule.domain.HoldTaker;
import healthcheck.schedule.domain.Schedule;
import healthcheck.schedule.domain.ScheduleNotFoundException;
import healthcheck.schedule.domain.ScheduleRepository;
import java.util.OptionalInt;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The portable take (the embedded H2): the hold row, then the conditional update, in one transaction. The row is
 * inserted first so that a second take with the same holdId fails on the primary key before it takes anything.
 * The update is the transaction's last statement and the places left are read after the commit: the schedule's
 * row stays locked from the update to the commit, so whatever ran in between would run once per take for the
 * whole queue waiting on that row.
 */
class TransactionalHoldTaker implements HoldTaker {

    private final ScheduleRepository schedules;
    private final HoldRepository holds;
    private final TransactionTemplate tx;

    TransactionalHoldTaker(ScheduleRepository schedules, HoldRepository holds, PlatformTransactionManager transactionManager) {
        this.schedules = schedules;
        this.holds = holds;
        this.tx = new TransactionTemplate(transactionManager);
    }

    @Override
    public OptionalInt take(Hold hold) {
        boolean taken = Boolean.TRUE.equals(tx.execute(status -> {
            holds.save(hold);
            if (schedules.take(hold.scheduleId(), hold.count()) == 1) {
                return true;
            }
            // too few places or no such schedule: the hold row goes with the rollback
            status.setRollbackOnly();
            return false;
        }));
        if (!taken) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(schedules.findById(hold.scheduleId()).map(Schedule::availableCount)
                .orElseThrow(() -> new ScheduleNotFoundException(hold.scheduleId())));
    }
}
