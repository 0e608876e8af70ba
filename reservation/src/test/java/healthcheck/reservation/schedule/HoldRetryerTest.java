package healthcheck.reservation.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import feign.Request;
import feign.RetryableException;
import feign.Retryer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** How long a hold whose answer was lost is asked again, on a clock the test moves (250 ms per timed-out call). */
class HoldRetryerTest {

    private static final Duration PATIENCE = Duration.ofSeconds(3);
    private static final Duration BUDGET = Duration.ofSeconds(4);
    /** For a schedule that accepted the call and is late with its answer. */
    private static final Duration LISTENING_PATIENCE = PATIENCE.multipliedBy(2);
    private static final long CALL_NANOS = Duration.ofMillis(250).toNanos();

    private long now = Duration.ofHours(1).toNanos();
    private final HoldRetryer.Answers answers = new HoldRetryer.Answers(() -> now);
    private final Retryer prototype = new HoldRetryer(answers, 5, PATIENCE, BUDGET, () -> now,
            millis -> now += Duration.ofMillis(millis).toNanos());

    @Test
    void aScheduleThatRefusesConnectionsAndHasAnsweredNobodyGetsFiveAttempts() {
        assertThat(attemptsUntilGivenUp(prototype.clone(), HoldRetryerTest::refused)).isEqualTo(5);
    }

    @Test
    void aScheduleThatAcceptedTheCallsButHasNotAnsweredThisInstanceYetIsWaitedForUntilTheBudgetIsSpent() {
        long started = now;

        int attempts = attemptsUntilGivenUp(prototype.clone(), HoldRetryerTest::readTimedOut);

        assertThat(attempts).as("a just-started pair, both cold: more than five").isGreaterThan(5);
        assertThat(Duration.ofNanos(now - started)).isLessThanOrEqualTo(BUDGET.plusMillis(250));
    }

    @Test
    void aScheduleThatAnsweredOthersLatelyIsAskedAgainUntilTheBudgetIsSpent() {
        answers.heard();
        long started = now;

        int attempts = attemptsUntilGivenUp(prototype.clone());

        assertThat(attempts).as("more than five while schedule counts as alive").isGreaterThan(5);
        assertThat(Duration.ofNanos(now - started)).as("but never past the budget and one more call")
                .isLessThanOrEqualTo(BUDGET.plusMillis(250));
    }

    @Test
    void whileScheduleAnswersOthersALostAnswerIsAskedAgainPastTheBudgetUntilTheBookingsDeadline() {
        long started = now;
        Retryer retryer = withDeadline(started + Duration.ofSeconds(12).toNanos());

        int attempts = attemptsUntilGivenUp(retryer, () -> {
            answers.heard(); // others' holds are answered meanwhile
            return readTimedOut();
        });

        assertThat(Duration.ofNanos(now - started)).as("asked again until the deadline, not the 4 s budget")
                .isBetween(Duration.ofSeconds(11), Duration.ofSeconds(12).plusMillis(250));
        assertThat(attempts).as("with pauses growing to a second, not a duplicate every quarter second")
                .isLessThan(20);
    }

    @Test
    void withoutADeadlineOrWithOneSoonerTheBudgetStillHolds() {
        long started = now;
        attemptsUntilGivenUp(withDeadline(started + Duration.ofSeconds(1).toNanos()), () -> {
            answers.heard();
            return readTimedOut();
        });
        assertThat(Duration.ofNanos(now - started)).isBetween(Duration.ofSeconds(3), BUDGET.plusMillis(250));

        started = now;
        attemptsUntilGivenUp(prototype.clone(), () -> {
            answers.heard();
            return readTimedOut();
        });
        assertThat(Duration.ofNanos(now - started)).isBetween(Duration.ofSeconds(3), BUDGET.plusMillis(250));
    }

    @Test
    void aColdScheduleThatHasNotAnsweredThisInstanceYetGetsTheBudgetNotTheDeadline() {
        long started = now;

        attemptsUntilGivenUp(withDeadline(started + Duration.ofSeconds(12).toNanos()), HoldRetryerTest::readTimedOut);

        assertThat(Duration.ofNanos(now - started)).isLessThanOrEqualTo(BUDGET.plusMillis(250));
    }

    @Test
    void theDeadlineEndsWithScheduleAnsweringNobody() {
        answers.heard();
        long started = now;

        attemptsUntilGivenUp(withDeadline(started + Duration.ofSeconds(12).toNanos()), HoldRetryerTest::readTimedOut);

        assertThat(Duration.ofNanos(now - started)).as("a listening schedule's patience (6 s) after the last answer")
                .isLessThanOrEqualTo(LISTENING_PATIENCE.plusMillis(1250));
    }

    /** A call's retryer as Feign makes it, by cloning the configured one, for a booking with that deadline. */
    private Retryer withDeadline(long deadlineNanos) {
        return new HoldRetryer(answers, 5, PATIENCE, BUDGET, () -> now,
                millis -> now += Duration.ofMillis(millis).toNanos(), () -> OptionalLong.of(deadlineNanos)).clone();
    }

    @Test
    void patienceEndsWhenScheduleHasAnsweredNobodyForThatLongWhileAsked() {
        answers.heard();
        answers.asking(now); // another booking's call, unanswered since
        now += LISTENING_PATIENCE.toNanos();

        assertThat(attemptsUntilGivenUp(prototype.clone(), HoldRetryerTest::readTimedOut)).isEqualTo(5);
    }

    @Test
    void aScheduleThatAcceptsTheCallIsGivenTwiceThePatienceOfOneThatRefusesIt() {
        answers.heard();
        answers.asking(now);
        now += PATIENCE.plusSeconds(1).toNanos(); // silent for 4 s while asked
        long started = now;

        assertThat(attemptsUntilGivenUp(withDeadline(started + Duration.ofSeconds(12).toNanos()),
                HoldRetryerTest::refused)).as("nothing listens: the plain patience is over").isEqualTo(5);

        now = started;
        int attempts = attemptsUntilGivenUp(withDeadline(started + Duration.ofSeconds(12).toNanos()),
                HoldRetryerTest::readTimedOut);
        assertThat(attempts).as("listening, but late: asked again").isGreaterThan(5);
        assertThat(Duration.ofNanos(now - started)).as("until 6 s of silence")
                .isBetween(Duration.ofSeconds(2), Duration.ofSeconds(2).plusMillis(1250));
    }

    @Test
    void afterAQuietSpellScheduleIsGivenItsPatienceFromTheFirstCallNotFromItsLastAnswer() {
        answers.heard();
        now += Duration.ofMinutes(10).toNanos(); // nobody booked meanwhile
        long started = now;

        int attempts = attemptsUntilGivenUp(withDeadline(started + Duration.ofSeconds(12).toNanos()),
                HoldRetryerTest::readTimedOut);

        assertThat(attempts).as("more than five: the quiet spell is not silence").isGreaterThan(5);
        assertThat(Duration.ofNanos(now - started)).as("until schedule was silent for its patience while asked")
                .isBetween(LISTENING_PATIENCE, LISTENING_PATIENCE.plusMillis(1250));
    }

    @Test
    void afterAQuietSpellARefusedConnectionStillEndsAfterFiveAttempts() {
        answers.heard();
        now += Duration.ofMinutes(10).toNanos();

        assertThat(attemptsUntilGivenUp(prototype.clone(), HoldRetryerTest::refused)).isEqualTo(5);
    }

    @Test
    void eachCallStartsItsOwnCountAndBudget() {
        answers.heard();
        Retryer first = prototype.clone();
        attemptsUntilGivenUp(first);
        answers.heard();

        assertThat(attemptsUntilGivenUp(prototype.clone())).isGreaterThan(5);
    }

    private int attemptsUntilGivenUp(Retryer retryer) {
        return attemptsUntilGivenUp(retryer, HoldRetryerTest::readTimedOut);
    }

    /** Every attempt fails after 250 ms; counts attempts until the retryer gives up. */
    private int attemptsUntilGivenUp(Retryer retryer, java.util.function.Supplier<RetryableException> failure) {
        int attempts = 1;
        while (true) {
            now += CALL_NANOS;
            RetryableException timeout = failure.get();
            try {
                retryer.continueOrPropagate(timeout);
            } catch (RetryableException givenUp) {
                assertThat(givenUp).isSameAs(timeout);
                return attempts;
            }
            attempts++;
            assertThat(attempts).as("runaway retries").isLessThan(100);
        }
    }

    private static RetryableException readTimedOut() {
        return failed(new java.net.SocketTimeoutException("Read timed out"));
    }

    private static RetryableException refused() {
        return failed(new java.net.ConnectException("Connection refused"));
    }

    private static RetryableException failed(Exception cause) {
        Request request = Request.create(Request.HttpMethod.POST, "http://schedule/schedules/1/holds", Map.of(),
                new byte[0], StandardCharsets.UTF_8, null);
        return new RetryableException(-1, cause.getMessage(), Request.HttpMethod.POST, cause, (Long) null, request);
    }
}
