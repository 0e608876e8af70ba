package healthcheck.schedule.domain;

import healthcheck.events.ScheduleRegistered;
import healthcheck.platform.outbox.EventOutbox;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Schedules and their places. Every capacity change is a single conditional SQL update inside the transaction
 * that records why (a hold row, its release), so the count and the holds always agree.
 */
@Service
public class ScheduleService {

    private static final Logger log = LoggerFactory.getLogger(ScheduleService.class);

    /** A take that lost a holdId race is re-run once or twice: the rerun finds the winner's hold. */
    private static final int TAKE_ATTEMPTS = 3;

    private final ScheduleRepository schedules;
    private final HoldRepository holds;
    private final EventOutbox outbox;
    private final TransactionTemplate tx;

    ScheduleService(ScheduleRepository schedules, HoldRepository holds, EventOutbox outbox,
                    PlatformTransactionManager transactionManager) {
        this.schedules = schedules;
        this.holds = holds;
        this.outbox = outbox;
        this.tx = new TransactionTemplate(transactionManager);
    }

    public Schedule register(long scheduleId, int capacity, LocalDate checkupDate, LocalTime checkupTime,
                             String centre, String checkupPackage) {
        Schedule schedule = Schedule.register(scheduleId, capacity, checkupDate, checkupTime, centre,
                checkupPackage, Instant.now());
        try {
            return tx.execute(status -> {
                if (schedules.existsById(scheduleId)) {
                    throw new DuplicateScheduleException(scheduleId);
                }
                Schedule saved = schedules.saveAndFlush(schedule);
                outbox.publish(ScheduleRegistered.of(scheduleId, capacity, checkupDate, checkupTime, centre,
                        checkupPackage));
                return saved;
            });
        } catch (DataIntegrityViolationException e) {
            // two registrations of the same id raced past the existence check; the primary key decided
            if (schedules.existsById(scheduleId)) {
                throw new DuplicateScheduleException(scheduleId);
            }
            throw e;
        }
    }

    @Transactional(readOnly = true)
    public Schedule get(long scheduleId) {
        return schedules.findById(scheduleId).orElseThrow(() -> new ScheduleNotFoundException(scheduleId));
    }

    @Transactional(readOnly = true)
    public List<Schedule> list() {
        return schedules.findAllByOrderByScheduleIdAsc();
    }

    @Transactional(readOnly = true)
    public Optional<Hold> findHold(String holdId) {
        return holds.findById(holdId);
    }

    /**
     * Takes {@code count} places for a booking attempt, at most once per holdId. The hold row is inserted before
     * the capacity update so that a concurrent duplicate (same holdId) fails on the primary key and rolls back
     * its own take; the retry then answers with the hold that won.
     * <p>
     * The take is the transaction's last statement and the places left are read after it committed: every take on
     * a schedule queues for its row lock, which is held from the update to the commit, so anything done in between
     * is done once per booking by the whole queue. Measured in a rush on a just-started stack (two instances on
     * PostgreSQL, two cores), reading the count inside that window left takes waiting up to 1.3 s for the lock.
     * The count read afterwards may already include later takes; it is still a count seen after this one.
     */
    public HoldResult hold(long scheduleId, String holdId, long reservationId, int count) {
        RuntimeException lastRace = null;
        for (int attempt = 1; attempt <= TAKE_ATTEMPTS; attempt++) {
            try {
                Taken taken = tx.execute(status -> takeOrReplay(scheduleId, holdId, reservationId, count));
                return new HoldResult(taken.hold(), availableCount(scheduleId), taken.created());
            } catch (DataIntegrityViolationException | PessimisticLockingFailureException race) {
                log.debug("Take of hold {} raced with another writer (attempt {}): {}", holdId, attempt,
                        race.getMessage());
                lastRace = race;
            }
        }
        throw lastRace;
    }

    private record Taken(Hold hold, boolean created) {
    }

    private Taken takeOrReplay(long scheduleId, String holdId, long reservationId, int count) {
        Optional<Hold> existing = holds.findById(holdId);
        if (existing.isPresent()) {
            return new Taken(replay(existing.get(), scheduleId, reservationId, count), false);
        }
        if (!schedules.existsById(scheduleId)) {
            throw new ScheduleNotFoundException(scheduleId);
        }
        Hold hold = holds.saveAndFlush(Hold.held(holdId, scheduleId, reservationId, count, Instant.now()));
        if (schedules.take(scheduleId, count) == 0) {
            // the exception rolls back the hold row with it: a refused take leaves no trace (and took no lock)
            throw new InsufficientCapacityException(scheduleId, availableCount(scheduleId));
        }
        return new Taken(hold, true);
    }

    private Hold replay(Hold hold, long scheduleId, long reservationId, int count) {
        if (hold.isReleased()) {
            throw new HoldReleasedException(hold.holdId());
        }
        if (!hold.matches(scheduleId, reservationId, count)) {
            throw new HoldConflictException(hold.holdId());
        }
        return hold;
    }

    private int availableCount(long scheduleId) {
        return schedules.findById(scheduleId).map(Schedule::availableCount)
                .orElseThrow(() -> new ScheduleNotFoundException(scheduleId));
    }

    /**
     * Gives a booking attempt's places back exactly once, whatever the order and number of the events that ask
     * for it. The hold's own schedule and count are used, not the event's: the hold is what was actually taken.
     */
    @Transactional
    public ReleaseOutcome release(String holdId, long scheduleId, long reservationId, int count) {
        if (holds.release(holdId, Instant.now()) == 1) {
            Hold hold = holds.findById(holdId).orElseThrow();
            if (schedules.giveBack(hold.scheduleId(), hold.count()) != 1) {
                // would exceed capacity or the schedule vanished: the books are wrong, so fail (and dead-letter)
                throw new IllegalStateException("Releasing hold " + holdId + " of " + hold.count()
                        + " places would exceed the capacity of schedule " + hold.scheduleId());
            }
            return ReleaseOutcome.RELEASED;
        }
        if (holds.existsById(holdId)) {
            return ReleaseOutcome.ALREADY_RELEASED;
        }
        // a take racing with this insert fails on the primary key (and vice versa; the binder retries us)
        holds.saveAndFlush(Hold.tombstone(holdId, scheduleId, reservationId, count, Instant.now()));
        return ReleaseOutcome.TOMBSTONED;
    }
}
