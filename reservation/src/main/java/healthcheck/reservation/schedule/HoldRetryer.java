package healthcheck.reservation.schedule;

import feign.RetryableException;
import feign.Retryer;
import healthcheck.reservation.domain.BookingDeadline;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * When to ask schedule again for a hold whose answer did not arrive (read timeout, reset or refused connection).
 * Asking again is always safe: schedule answers a repeated hold id with the hold it already took.
 * <p>
 * How long to keep asking depends on whether schedule is answering anyone. A schedule that has answered some call
 * within the last {@code patience} is alive, and a lost answer means this machine or schedule is briefly starved
 * (a rush on a just-started stack on two cores stalled single calls for seconds while others got through): the
 * hold is asked again, as long as schedule goes on answering others, until the booking's own
 * {@link BookingDeadline} (or {@code budget} after the first attempt, whichever is later), so the customer hears
 * "booked" or "full" rather than a 503 for places that were there. The deadline matters when a container starts
 * beside a loaded stack: on two cores a hold of the old reservation went unanswered for 4.4 s while schedule
 * answered others, and its customer was told 503 at the 4 s budget, though the booking had not queued at all. The
 * pauses between these later asks double up to a second, so a starved schedule is not sent a duplicate (which it
 * still works through after we stopped waiting) every quarter second.
 * <p>
 * A schedule that has answered nobody for that long while it was asked is slow or gone: the hold gets
 * {@code attempts} tries, as it always did, and the circuit breaker, which counts each booking's call once, soon
 * opens. A schedule that accepted the call (its answer is what is late, see {@link #acceptedTheCall}) is listening,
 * and is given twice the patience: on CI (2026-12-01 night, a reservation container replaced beside the compose
 * stack on two cores) schedule answered one reservation nobody for about 4 s while another container started, and
 * at 3 s four customers were told 503. A refused connection keeps the plain patience, so a stopped schedule is
 * still refused fast. A quiet spell before the call does not count as silence: a rush after a quiet hour is given
 * the same patience from its first call as one in a busy minute. Before this instance has heard from schedule at
 * all, a call schedule accepted but has not answered yet counts as a sign of life until {@code budget}.
 * <p>
 * A Feign {@link Retryer} (the library's own extension point for this decision) rather than Resilience4j's Retry:
 * Feign retries inside the circuit breaker's call, which is what keeps one booking one judgement for the breaker.
 */
final class HoldRetryer implements Retryer {

    /**
     * The last moment ({@link System#nanoTime()}) schedule gave any answer, and the first moment it was asked
     * again since, shared by every call.
     */
    static final class Answers {
        private static final long NOT_ASKED = Long.MIN_VALUE;
        private final AtomicLong lastNanos;
        private final AtomicLong askedSinceNanos = new AtomicLong(NOT_ASKED);
        private final long never;
        private final LongSupplier clock;

        Answers(LongSupplier clock) {
            this.clock = clock;
            // "never": older than any patience
            this.never = clock.getAsLong() - Duration.ofDays(1).toNanos();
            this.lastNanos = new AtomicLong(never);
        }

        void heard() {
            lastNanos.set(clock.getAsLong());
            askedSinceNanos.set(NOT_ASKED);
        }

        /** A call is being sent; the first one since the last answer starts the clock of schedule's silence. */
        void asking(long sentNanos) {
            askedSinceNanos.compareAndSet(NOT_ASKED, sentNanos);
        }

        boolean heardWithin(Duration patience) {
            return clock.getAsLong() - lastNanos.get() < patience.toNanos();
        }

        /**
         * Schedule has been asked for less than {@code patience} without answering anyone. A quiet spell (nobody
         * booking) is not silence: the clock starts at the first call after the last answer.
         */
        boolean silentForLessThan(Duration patience) {
            long since = askedSinceNanos.get();
            return since != NOT_ASKED && clock.getAsLong() - since < patience.toNanos();
        }

        boolean neverHeard() {
            return lastNanos.get() == never;
        }
    }

    interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    /** Within the attempts, the pauses Feign's default retryer makes (20, 30, 45, 50 ms): a refused call ends fast. */
    private static final long FIRST_PAUSE_MILLIS = 20;
    private static final long LONGEST_QUICK_PAUSE_MILLIS = 50;
    /** Past them, spaced out (doubling up to the longest) so a starved schedule is not flooded with duplicates. */
    private static final long PATIENT_PAUSE_MILLIS = 200;
    private static final long LONGEST_PATIENT_PAUSE_MILLIS = 1000;

    private final Answers answers;
    private final int attempts;
    private final Duration patience;
    private final Duration budget;
    private final LongSupplier clock;
    private final Sleeper sleeper;
    private final Supplier<OptionalLong> deadlines;
    private final long startedNanos;
    /** When asking again must stop while schedule answers others: the booking's deadline, at least the budget. */
    private final long answeringUntilNanos;
    private int attempt = 1;

    HoldRetryer(Answers answers, int attempts, Duration patience, Duration budget, LongSupplier clock,
                Sleeper sleeper) {
        this(answers, attempts, patience, budget, clock, sleeper, BookingDeadline::nanos);
    }

    HoldRetryer(Answers answers, int attempts, Duration patience, Duration budget, LongSupplier clock,
                Sleeper sleeper, Supplier<OptionalLong> deadlines) {
        this.answers = answers;
        this.attempts = attempts;
        this.patience = patience;
        this.budget = budget;
        this.clock = clock;
        this.sleeper = sleeper;
        this.deadlines = deadlines;
        this.startedNanos = clock.getAsLong();
        long budgetEnds = startedNanos + budget.toNanos();
        // read here: Feign clones the retryer on the booking's own thread, where its deadline is bound
        OptionalLong deadline = deadlines.get();
        this.answeringUntilNanos = deadline.isPresent() && deadline.getAsLong() - budgetEnds > 0
                ? deadline.getAsLong() : budgetEnds;
    }

    @Override
    public void continueOrPropagate(RetryableException e) {
        boolean withinAttempts = attempt < attempts;
        long pause = withinAttempts
                ? Math.min(LONGEST_QUICK_PAUSE_MILLIS, (long) (FIRST_PAUSE_MILLIS * Math.pow(1.5, attempt - 1)))
                : Math.min(LONGEST_PATIENT_PAUSE_MILLIS, PATIENT_PAUSE_MILLIS << Math.min(10, attempt - attempts));
        long resumeAt = clock.getAsLong() + Duration.ofMillis(pause).toNanos();
        boolean listening = acceptedTheCall(e);
        Duration silenceAllowed = listening ? patience.multipliedBy(2) : patience;
        boolean patient;
        if (answers.heardWithin(silenceAllowed)) {
            patient = answeringUntilNanos - resumeAt > 0;
        } else if (listening && !answers.neverHeard() && answers.silentForLessThan(silenceAllowed)) {
            // the first calls after a quiet spell: schedule answered before it, and has not been silent for that
            // long since it was asked again
            patient = answeringUntilNanos - resumeAt > 0;
        } else {
            // the deadline is for a schedule seen answering; a cold one listening gets the budget, as before
            patient = answers.neverHeard() && listening && startedNanos + budget.toNanos() - resumeAt > 0;
        }
        if (!withinAttempts && !patient) {
            throw e;
        }
        attempt++;
        try {
            sleeper.sleep(pause);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw e;
        }
    }

    /**
     * The call reached a listening schedule and its answer is what is late (a read timeout, not a refused or timed
     * out connection). Until this instance has heard from schedule at all, that is the sign of life to go by: the
     * first holds a just-started reservation sends in a rush go to a schedule as cold as itself (on PostgreSQL with
     * two instances, the second pair saw its first traffic in the rush, and one customer of 200 was told 503 after
     * five attempts, on CI). A schedule that is down refuses the connection and still ends after five.
     */
    private static boolean acceptedTheCall(RetryableException e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof SocketTimeoutException timeout) {
                return timeout.getMessage() == null || !timeout.getMessage().toLowerCase().contains("connect");
            }
            if (cause instanceof ConnectException) {
                return false;
            }
        }
        return false;
    }

    /** Feign clones the retryer for every call: a fresh count and start time, the same shared answers. */
    @Override
    public Retryer clone() {
        HoldRetryer call = new HoldRetryer(answers, attempts, patience, budget, clock, sleeper, deadlines);
        answers.asking(call.startedNanos);
        return call;
    }
}
