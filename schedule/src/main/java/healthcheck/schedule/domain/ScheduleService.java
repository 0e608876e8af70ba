package healthcheck.schedule.domain;

import healthcheck.events.ScheduleRegistered;
import healthcheck.platform.outbox.EventOutbox;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Optional;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
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
    private final HoldTaker taker;
    private final EventOutbox outbox;
    private final TransactionTemplate tx;

    ScheduleService(ScheduleRepository schedules, HoldRepository holds, HoldTaker taker, EventOutbox outbox,
                    PlatformTransactionManager transactionManager) {
        this.schedules = schedules;
        this.holds = holds;
        this.taker = taker;
        this.outbox = outbox;
        this.tx = new TransactionTemplate(transactionManager);
    }

    public Schedule register(long scheduleId, int capacity, LocalDate checkupDate, LocalTime checkupTime,
                             String centre, String checkupPackage) {
        return register(scheduleId, capacity, checkupDate, checkupTime, centre, checkupPackage, null);
    }

    /**
     * Registers a schedule. With an {@code idempotencyKey}, the same key and request again answer the schedule
     * that request registered (its places as they are now) instead of a conflict; the key with another request is
     * {@link IdempotencyKeyReusedException}. Without one, an existing scheduleId is a {@link DuplicateScheduleException}.
     */
    public Schedule register(long scheduleId, int capacity, LocalDate checkupDate, LocalTime checkupTime,
                             String centre, String checkupPackage, String idempotencyKey) {
        Schedule schedule = Schedule.register(scheduleId, capacity, checkupDate, checkupTime, centre,
                checkupPackage, Instant.now(), idempotencyKey);
        try {
            return tx.execute(status -> {
                Optional<Schedule> replayed = earlierRegistration(scheduleId, capacity, checkupDate, checkupTime,
                        centre, checkupPackage, idempotencyKey);
                if (replayed.isPresent()) {
                    return replayed.get();
                }
                Schedule saved = schedules.save(schedule);
                outbox.publish(ScheduleRegistered.of(scheduleId, capacity, checkupDate, checkupTime, centre,
                        checkupPackage));
                return saved;
            });
        } catch (DataIntegrityViolationException e) {
            // two registrations of the same id (or key) raced past the checks; the unique indexes decided, and
            // the winner's row now answers the loser as it would have a moment later
            return tx.execute(status -> earlierRegistration(scheduleId, capacity, checkupDate, checkupTime, centre,
                    checkupPackage, idempotencyKey).orElseThrow(() -> e));
        }
    }

    /** The schedule this very request registered before, or nothing if it is new; anything else is refused. */
    private Optional<Schedule> earlierRegistration(long scheduleId, int capacity, LocalDate checkupDate,
                                                   LocalTime checkupTime, String centre, String checkupPackage,
                                                   String idempotencyKey) {
        Optional<Schedule> existing = schedules.findById(scheduleId);
        if (existing.isPresent()) {
            Schedule earlier = existing.get();
            if (!earlier.registeredWith(idempotencyKey)) {
                throw new DuplicateScheduleException(scheduleId);
            }
            if (!earlier.sameRegistration(capacity, checkupDate, checkupTime, centre, checkupPackage)) {
                throw new IdempotencyKeyReusedException(idempotencyKey);
            }
            return existing;
        }
        if (idempotencyKey == null) {
            return Optional.empty();
        }
        // the key's own registration may have committed a moment after the lookup by id above
        Optional<Schedule> byKey = schedules.findByIdempotencyKey(idempotencyKey);
        if (byKey.isPresent() && (byKey.get().scheduleId() != scheduleId
                || !byKey.get().sameRegistration(capacity, checkupDate, checkupTime, centre, checkupPackage))) {
            throw new IdempotencyKeyReusedException(idempotencyKey);
        }
        return byKey;
    }

    @Transactional(readOnly = true)
    public Schedule get(long scheduleId) {
        return schedules.findById(scheduleId).orElseThrow(() -> new ScheduleNotFoundException(scheduleId));
    }

    @Transactional(readOnly = true)
    public Page<Schedule> list(Pageable page) {
        return schedules.findAll(page);
    }

    @Transactional(readOnly = true)
    public Optional<Hold> findHold(String holdId) {
        return holds.findById(holdId);
    }

    /**
     * Takes {@code count} places for a booking attempt, at most once per holdId. The take itself, hold row and
     * places together, is the {@link HoldTaker}'s; a holdId recorded already makes it fail as a whole, and this
     * answers with that hold instead (a retried call, or a release that overtook its take).
     */
    public HoldResult hold(long scheduleId, String holdId, long reservationId, int count) {
        RuntimeException lastRace = null;
        for (int attempt = 1; attempt <= TAKE_ATTEMPTS; attempt++) {
            try {
                if (attempt > 1) {
                    Optional<Hold> earlier = holds.findById(holdId);
                    if (earlier.isPresent()) {
                        return replay(earlier.get(), scheduleId, reservationId, count);
                    }
                }
                Hold hold = Hold.held(holdId, scheduleId, reservationId, count, Instant.now());
                OptionalInt left = taker.take(hold);
                if (left.isPresent()) {
                    return new HoldResult(hold, left.getAsInt(), true);
                }
                return notTaken(scheduleId, holdId, reservationId, count);
            } catch (DataIntegrityViolationException | PessimisticLockingFailureException race) {
                // most often the same holdId again: the next attempt finds the hold that won
                log.debug("Take of hold {} raced with another writer (attempt {}): {}", holdId, attempt,
                        race.getMessage());
                lastRace = race;
            }
        }
        throw lastRace;
    }

    /** Nothing was taken: this holdId took (or was released) before, there is no such schedule, or too few places. */
    private HoldResult notTaken(long scheduleId, String holdId, long reservationId, int count) {
        Optional<Hold> earlier = holds.findById(holdId);
        if (earlier.isPresent()) {
            return replay(earlier.get(), scheduleId, reservationId, count);
        }
        throw new InsufficientCapacityException(scheduleId, availableCount(scheduleId));
    }

    private HoldResult replay(Hold hold, long scheduleId, long reservationId, int count) {
        if (hold.isReleased()) {
            throw new HoldReleasedException(hold.holdId());
        }
        if (!hold.matches(scheduleId, reservationId, count)) {
            throw new HoldConflictException(hold.holdId());
        }
        return new HoldResult(hold, availableCount(scheduleId), false);
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
        Optional<Hold> taken = holds.findById(holdId);
        if (taken.isEmpty()) {
            // a take racing with this insert fails on the primary key (and vice versa; the binder retries us)
            holds.save(Hold.tombstone(holdId, scheduleId, reservationId, count, Instant.now()));
            return ReleaseOutcome.TOMBSTONED;
        }
        Hold hold = taken.get();
        // The schedule's row first, then the hold's: the order PostgresHoldTaker's statement locks them in. A
        // release that changed the hold and then waited for the row deadlocked with a repeated take of the same
        // hold (which held the row and waited on the hold's key); PostgreSQL broke it after a second, in which
        // every hold on that schedule queued behind the row (caught by ContainersIT on CI).
        schedules.findLockedByScheduleId(hold.scheduleId());
        if (holds.release(holdId, reservationId, Instant.now()) == 1) {
            if (schedules.giveBack(hold.scheduleId(), hold.count()) != 1) {
                // would exceed capacity or the schedule vanished: the books are wrong, so fail (and dead-letter)
                throw new IllegalStateException("Releasing hold " + holdId + " of " + hold.count()
                        + " places would exceed the capacity of schedule " + hold.scheduleId());
            }
            return ReleaseOutcome.RELEASED;
        }
        return hold.reservationId() == reservationId ? ReleaseOutcome.ALREADY_RELEASED : ReleaseOutcome.NOT_ITS_HOLD;
    }
}
