package healthcheck.reservation.schedule;

import feign.RetryableException;
import feign.Retryer;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * When to ask schedule again for a hold whose answer did not arrive (read timeout, reset or refused connection).
 * Asking again is always safe: schedule answers a repeated hold id with the hold it already took.
 * <p>
 * How long to keep asking depends on whether schedule is answering anyone. A schedule that has answered some call
 * within the last {@code patience} is alive, and a lost answer means this machine or schedule is briefly starved
 * (a rush on a just-started stack on two cores stalled single calls for seconds while others got through): the
 * hold is asked again until {@code budget} has passed since the first attempt, so the customer hears "booked" or
 * "full" rather than a 503 for places that were there. A schedule that has answered nobody for that long is slow or
 * gone: the hold gets {@code attempts} tries, as it always did, and the circuit breaker, which counts each booking's
 * call once, soon opens. Before this instance has heard from schedule at all, a call schedule accepted but has not
 * answered yet counts as a sign of life (see {@link #acceptedTheCall}).
 * <p>
 * A Feign {@link Retryer} (the library's own extension point for this decision) rather than Resilience4j's Retry:
 * Feign retries inside the circuit breaker's call, which is what keeps one booking one judgement for the breaker.
 */
final class HoldRetryer implements Retryer {

    /** The last moment ({@link System#nanoTime()}) schedule gave any answer, shared by every call. */
    static final class Answers {
        private final AtomicLong lastNanos;
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
        }

        boolean heardWithin(Duration patience) {
            return clock.getAsLong() - lastNanos.get() < patience.toNanos();
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
    /** Past them, spaced out so a starved schedule is not sent a duplicate every quarter second. */
    private static final long PATIENT_PAUSE_MILLIS = 200;

    private final Answers answers;
    private final int attempts;
    private final Duration patience;
    private final Duration budget;
    private final LongSupplier clock;
    private final Sleeper sleeper;
    private final long startedNanos;
    private int attempt = 1;

    HoldRetryer(Answers answers, int attempts, Duration patience, Duration budget, LongSupplier clock,
                Sleeper sleeper) {
        this.answers = answers;
        this.attempts = attempts;
        this.patience = patience;
        this.budget = budget;
        this.clock = clock;
        this.sleeper = sleeper;
        this.startedNanos = clock.getAsLong();
    }

    @Override
    public void continueOrPropagate(RetryableException e) {
        boolean withinAttempts = attempt < attempts;
        long pause = withinAttempts
                ? Math.min(LONGEST_QUICK_PAUSE_MILLIS, (long) (FIRST_PAUSE_MILLIS * Math.pow(1.5, attempt - 1)))
                : PATIENT_PAUSE_MILLIS;
        boolean alive = answers.heardWithin(patience) || (answers.neverHeard() && acceptedTheCall(e));
        boolean patient = alive
                && clock.getAsLong() - startedNanos + Duration.ofMillis(pause).toNanos() < budget.toNanos();
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
        return new HoldRetryer(answers, attempts, patience, budget, clock, sleeper);
    }
}
