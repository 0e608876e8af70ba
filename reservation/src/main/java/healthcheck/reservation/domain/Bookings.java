package healthcheck.reservation.domain;

import healthcheck.events.ReservationCancelled;
import healthcheck.events.ReservationFailed;
import healthcheck.events.ReservationPlaced;
import healthcheck.events.TimeOrderedIds;
import healthcheck.platform.outbox.EventOutbox;
import healthcheck.reservation.domain.ScheduleHolds.HoldReleasedException;
import healthcheck.reservation.domain.ScheduleHolds.InsufficientCapacityException;
import healthcheck.reservation.domain.ScheduleHolds.ScheduleNotFoundException;
import healthcheck.reservation.domain.ScheduleHolds.ScheduleUnavailableException;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.Limit;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The booking saga on reservation's side. The remote take runs between two short transactions so no database
 * transaction is held open across the network call: a PENDING row records the attempt (and its holdId) before
 * schedule is asked, so a crash in between leaves something the sweeper can compensate.
 */
@Service
public class Bookings {

    private static final Logger log = LoggerFactory.getLogger(Bookings.class);
    private static final int MAX_ID_ATTEMPTS = 5;
    private static final int MAX_LOCK_RETRIES = 3;
    private static final int MAX_KEY_ROUNDS = 3;

    private final ReservationRepository reservations;
    private final IdempotencyKeyRepository keys;
    private final ReservationIds ids;
    private final ScheduleHolds schedule;
    private final EventOutbox outbox;
    private final BookingPace pace;
    private final TransactionTemplate tx;
    private final Clock clock;

    Bookings(ReservationRepository reservations, IdempotencyKeyRepository keys,
             ReservationIds ids, ScheduleHolds schedule, EventOutbox outbox, BookingPace pace,
             PlatformTransactionManager transactionManager, Clock clock) {
        this.reservations = reservations;
        this.keys = keys;
        this.ids = ids;
        this.schedule = schedule;
        this.outbox = outbox;
        this.pace = pace;
        this.tx = new TransactionTemplate(transactionManager);
        this.clock = clock;
    }

    /**
     * Books a request that arrived at {@code askedAtNanos} ({@link System#nanoTime()}) and may have waited its turn
     * since: if schedule was meanwhile seen full, the answer is 409 without a call (see
     * {@link ScheduleHolds#refuseIfSeenFull}). That is what lets a rush's crowd, queued behind the first bookings,
     * be told "full" in microseconds once the last place is taken, instead of waiting past its turn for a 503. A
     * request that arrives after schedule was seen full is told so after a read of it
     * ({@link ScheduleHolds#refuseIfStillFull}), without an attempt recorded and removed.
     */
    public Reservation book(NewReservation request, long askedAtNanos) {
        return book(request, askedAtNanos, null);
    }

    /**
     * Books as {@link #book(NewReservation, long)}, once per {@code idempotencyKey}: the same key with the same
     * request answers the booking it made (reserved, or cancelled since) instead of booking again; while that
     * booking is still being made, {@link BookingInProgressException}; with a different request,
     * {@link IdempotencyKeyReusedException}. A key whose attempt booked nothing (refused, or failed with a 503)
     * books anew, a failed one under the same reservationId. The key is stored in the transaction that records the
     * attempt, so a key never stands for an attempt that was not recorded.
     */
    public Reservation book(NewReservation request, String idempotencyKey, long askedAtNanos) {
        if (idempotencyKey == null) {
            return book(request, askedAtNanos);
        }
        String fingerprint = request.fingerprint();
        for (int round = 1; ; round++) {
            Optional<IdempotencyKey> known = keys.findById(idempotencyKey);
            NewReservation attempt = request;
            if (known.isPresent()) {
                if (!known.get().sameRequest(fingerprint)) {
                    throw new IdempotencyKeyReusedException(idempotencyKey);
                }
                Optional<Reservation> earlier = reservations.findById(known.get().reservationId());
                if (earlier.isPresent()) {
                    switch (earlier.get().status()) {
                        case RESERVED, CANCELLED -> {
                            return earlier.get();
                        }
                        case PENDING -> throw new BookingInProgressException(earlier.get().reservationId());
                        case FAILED -> attempt = request.withReservationId(earlier.get().reservationId());
                    }
                }
            }
            try {
                return book(attempt, askedAtNanos, new KeyClaim(idempotencyKey, fingerprint, known.isPresent()));
            } catch (KeyClaimedMeanwhile raced) {
                // another request with this key (or for this id) got there first: decide again from what it left
                if (round >= MAX_KEY_ROUNDS) {
                    throw raced.conflict;
                }
            }
        }
    }

    /** An Idempotency-Key to record with the attempt; {@code known}: its row exists from an earlier attempt. */
    private record KeyClaim(String key, String fingerprint, boolean known) {
    }

    /** The attempt lost a race for its key or id; nothing of it was stored. */
    private static final class KeyClaimedMeanwhile extends RuntimeException {
        private final RuntimeException conflict;

        KeyClaimedMeanwhile(RuntimeException conflict) {
            super(null, conflict, false, false);
            this.conflict = conflict;
        }
    }

    private Reservation book(NewReservation request, long askedAtNanos, KeyClaim claim) {
        schedule.checkAvailable();
        schedule.refuseIfSeenFull(request.scheduleId(), request.reservationCount(), askedAtNanos);
        schedule.refuseIfStillFull(request.scheduleId(), request.reservationCount());
        pace.awaitTurn();
        // schedule may have been seen full while this booking waited its turn
        schedule.refuseIfSeenFull(request.scheduleId(), request.reservationCount(), askedAtNanos);
        Reservation attempt = begin(request, claim);
        long id = attempt.reservationId();
        String holdId = attempt.holdId();
        try {
            schedule.take(request.scheduleId(), holdId, id, request.reservationCount());
        } catch (ScheduleNotFoundException | InsufficientCapacityException e) {
            // Nothing was taken, so nothing needs compensating: the attempt leaves no trace.
            discard(id, holdId);
            throw e;
        } catch (HoldReleasedException e) {
            failAttempt(id, holdId, "hold released before it was taken");
            throw e;
        } catch (ScheduleUnavailableException e) {
            if (e.refusedWithoutCalling()) {
                // The circuit did not permit the call (half-open, its trial calls taken): nothing was sent, so
                // nothing can have been taken, and the attempt leaves no trace, as when the circuit is open.
                discard(id, holdId);
            } else {
                // The take may have happened (e.g. it timed out after schedule committed): the event lets schedule
                // release it.
                failAttempt(id, holdId, e.getMessage());
            }
            throw e;
        } catch (RuntimeException e) {
            failAttempt(id, holdId, e.toString());
            throw e;
        }
        return confirm(attempt);
    }

    private Reservation begin(NewReservation request, KeyClaim claim) {
        for (int attempt = 1; ; attempt++) {
            boolean idTakenBefore = attempt > 1;
            try {
                return tx.execute(status -> {
                    Reservation started = start(request, idTakenBefore);
                    if (claim != null) {
                        record(claim, started.reservationId());
                    }
                    return started;
                });
            } catch (DuplicateReservationException e) {
                if (claim != null && (claim.known() || keys.existsById(claim.key()))) {
                    // the id is taken by another request with the same key (its failed attempt being retried,
                    // or the same reservationId sent twice at once)
                    throw new KeyClaimedMeanwhile(e);
                }
                throw e;
            } catch (DataIntegrityViolationException | OptimisticLockingFailureException e) {
                if (claim != null && (claim.known() || keys.existsById(claim.key()))) {
                    throw new KeyClaimedMeanwhile(request.reservationId() == null ? e
                            : new DuplicateReservationException(request.reservationId()));
                }
                // The id was taken: a client's own, by a concurrent request between our check and our insert; an
                // assigned one, by a client that chose it (the next attempt skips the ids clients used).
                if (request.reservationId() != null) {
                    throw new DuplicateReservationException(request.reservationId());
                }
                if (attempt >= MAX_ID_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /**
     * Must run inside a transaction: records a new attempt, or a new attempt of a failed booking. An id to assign is
     * the sequence's next, or, once an insert found one taken ({@code idTakenBefore}), the next that is free.
     */
    private Reservation start(NewReservation request, boolean idTakenBefore) {
        // schedule's hold table is keyed by it: see TimeOrderedIds
        String holdId = TimeOrderedIds.next().toString();
        if (request.reservationId() == null) {
            long id = idTakenBefore ? ids.nextUnused() : ids.next();
            return reservations.save(Reservation.pending(id, request.scheduleId(),
                    request.reservationCount(), request.customerId(), holdId, now()));
        }
        long id = request.reservationId();
        Optional<Reservation> existing = reservations.findById(id);
        if (existing.isPresent()) {
            // a failed attempt is its customer's to try again, never another customer's to take over
            if (existing.get().status() != ReservationStatus.FAILED
                    || !Objects.equals(existing.get().customerId(), request.customerId())) {
                throw new DuplicateReservationException(id);
            }
            existing.get().retry(request.scheduleId(), request.reservationCount(), request.customerId(), holdId,
                    now());
            return reservations.save(existing.get());
        }
        return reservations.save(Reservation.pending(id, request.scheduleId(), request.reservationCount(),
                request.customerId(), holdId, now()));
    }

    /** Must run inside the attempt's transaction: the key then stands for this attempt, or for nothing. */
    private void record(KeyClaim claim, long reservationId) {
        if (claim.known()) {
            IdempotencyKey key = keys.findById(claim.key()).orElseThrow(() -> new KeyClaimedMeanwhile(
                    new BookingInProgressException(reservationId)));
            key.attemptedAs(reservationId);
            keys.save(key);
        } else {
            keys.save(new IdempotencyKey(claim.key(), claim.fingerprint(), reservationId, now()));
        }
    }

    /**
     * Confirms the attempt as {@link #begin} stored it, without reading it again: the update is checked against the
     * version it was stored at, so an attempt the sweeper failed meanwhile (or a retry of it) is not overwritten.
     */
    private Reservation confirm(Reservation attempt) {
        long id = attempt.reservationId();
        try {
            return tx.execute(status -> {
                attempt.reserve(now());
                reservations.save(attempt);
                outbox.publish(ReservationPlaced.of(id, attempt.scheduleId(), attempt.reservationCount(),
                        attempt.customerId(), attempt.holdId()));
                return attempt;
            });
        } catch (OptimisticLockingFailureException e) {
            // The sweeper declared this attempt failed meanwhile; its ReservationFailed releases the hold.
            throw lostToSweeper(id);
        }
    }

    private static ScheduleUnavailableException lostToSweeper(long id) {
        log.warn("Booking refused: reservation {} took too long to confirm and was failed by the sweeper", id);
        return new ScheduleUnavailableException("Reservation " + id + " took too long to confirm", 1, null);
    }

    private void discard(long id, String holdId) {
        tx.executeWithoutResult(status -> reservations.findById(id)
                .filter(r -> r.isPendingAttempt(holdId))
                .ifPresent(reservations::delete));
    }

    private void failAttempt(long id, String holdId, String reason) {
        try {
            tx.executeWithoutResult(status -> reservations.findById(id)
                    .filter(r -> r.isPendingAttempt(holdId))
                    .ifPresent(r -> failAndPublish(r, reason)));
        } catch (OptimisticLockingFailureException e) {
            log.debug("Reservation {} changed while failing it; whoever changed it owns the outcome", id);
        }
    }

    /** Must run inside a transaction: the event is stored with the state change or not at all. */
    void failAndPublish(Reservation reservation, String reason) {
        reservation.fail(reason, now());
        reservations.save(reservation);
        outbox.publish(ReservationFailed.of(reservation.reservationId(), reservation.scheduleId(),
                reservation.reservationCount(), reservation.holdId(), reason));
    }

    /**
     * Cancels a placed booking of {@code customerId}; a repeated cancel answers the same final state and publishes
     * nothing. Another customer's booking is not found: its existence is nobody else's business.
     */
    public Reservation cancel(long id, String customerId) {
        for (int attempt = 1; ; attempt++) {
            try {
                return tx.execute(status -> {
                    Reservation reservation = reservations.findById(id)
                            .filter(found -> Objects.equals(found.customerId(), customerId))
                            .orElseThrow(() -> new ReservationNotFoundException(id));
                    if (reservation.cancel(now())) {
                        reservations.save(reservation);
                        outbox.publish(ReservationCancelled.of(id, reservation.scheduleId(),
                                reservation.reservationCount(), reservation.customerId(), reservation.holdId()));
                    }
                    return reservation;
                });
            } catch (OptimisticLockingFailureException e) {
                // A concurrent cancel won; reading again answers its result without a second event.
                if (attempt >= MAX_LOCK_RETRIES) {
                    throw e;
                }
            }
        }
    }

    /** Fails PENDING attempts older than the threshold (a crash or a hang between the two transactions). */
    public int failStalePending(java.time.Duration olderThan, int batchSize) {
        List<Reservation> stale = reservations.findByStatusAndAttemptedAtBeforeOrderByAttemptedAt(
                ReservationStatus.PENDING, now().minus(olderThan), Limit.of(batchSize));
        int failed = 0;
        for (Reservation candidate : stale) {
            try {
                Boolean done = tx.execute(status -> reservations.findById(candidate.reservationId())
                        .filter(r -> r.isPendingAttempt(candidate.holdId()))
                        .map(r -> {
                            failAndPublish(r, "no confirmation within " + olderThan);
                            return true;
                        }).orElse(false));
                if (Boolean.TRUE.equals(done)) {
                    failed++;
                    log.warn("Failed stale pending reservation {} (hold {})", candidate.reservationId(),
                            candidate.holdId());
                }
            } catch (OptimisticLockingFailureException e) {
                log.debug("Reservation {} completed while sweeping it", candidate.reservationId());
            }
        }
        return failed;
    }

    /** Microseconds: what the database keeps, so a first answer and a later read show the same instant. */
    private java.time.Instant now() {
        return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }

    public Reservation find(long id) {
        return reservations.findById(id).orElseThrow(() -> new ReservationNotFoundException(id));
    }

    /** One page of a customer's reservations, or of everyone's without a customer. */
    public Page<Reservation> list(String customerId, Pageable page) {
        return customerId == null ? reservations.findAll(page) : reservations.findByCustomerId(customerId, page);
    }
}
