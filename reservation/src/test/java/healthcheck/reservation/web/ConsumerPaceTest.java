package healthcheck.reservation.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import healthcheck.reservation.messaging.ConsumerLagMeasured;
import java.time.Duration;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class ConsumerPaceTest {

    private static final ConsumerPace.Marks MARKS = new ConsumerPace.Marks(600, 150, Duration.ofSeconds(2),
            Duration.ofSeconds(1));

    private final ConsumerPace pace = new ConsumerPace(MARKS, 5);

    @Test
    void nothingIsHeldBackUntilTheLagPassesAHighMark() {
        assertThat(pace.follow(lag(0, 0), 200)).isZero();
        assertThat(pace.follow(lag(600, 2_000), 200)).isZero();
    }

    @Test
    void pastTheHighMarkInEventsBookingsAreHeldToHalfThePaceTheyRanAt() {
        assertThat(pace.follow(lag(601, 0), 200)).isEqualTo(100);
    }

    @Test
    void fewEventsThatHaveWaitedPastTheHighMarkHoldBookingsBackToo() {
        // a slow machine's starved consumers: 200 events are 8 s of their work
        assertThat(pace.follow(lag(200, 2_001), 40)).isEqualTo(20);
    }

    @Test
    void whileTheLagDoesNotShrinkThePaceIsCutByThirtyPercentEachTimeDownToTheFloor() {
        pace.follow(lag(700, 0), 200);
        assertThat(pace.follow(lag(800, 0), 100)).isEqualTo(70);
        assertThat(pace.follow(lag(800, 0), 70)).isEqualTo(49, Offset.offset(1e-9));
        for (int i = 0; i < 20; i++) {
            pace.follow(lag(900 + i, 0), 5);
        }
        assertThat(pace.follow(lag(2_000, 0), 5)).as("the floor").isEqualTo(5);
    }

    @Test
    void whileTheLagShrinksThePaceIsKeptEvenBetweenTheMarks() {
        pace.follow(lag(700, 3_000), 200);
        assertThat(pace.follow(lag(500, 3_000), 100)).isEqualTo(100);
        assertThat(pace.follow(lag(300, 1_500), 100)).isEqualTo(100);
        assertThat(pace.follow(lag(151, 1_000), 100)).isEqualTo(100);
    }

    @Test
    void fullSpeedReturnsOnlyOnceTheLagIsAtOrBelowBothLowMarks() {
        pace.follow(lag(700, 3_000), 200);
        assertThat(pace.follow(lag(100, 1_500), 100)).as("few events, but old").isEqualTo(100);
        assertThat(pace.follow(lag(90, 1_000), 100)).isZero();
    }

    @Test
    void aLagThatCannotBeMeasuredHoldsNothingBack() {
        pace.follow(lag(700, 3_000), 200);
        assertThat(pace.follow(ConsumerLagMeasured.unknown(), 100)).isZero();
    }

    @Test
    void aLagBetweenTheMarksDoesNotStartHoldingBack() {
        assertThat(pace.follow(lag(400, 1_500), 200)).isZero();
        assertThat(pace.follow(lag(500, 2_000), 200)).isZero();
    }

    @Test
    void nonsenseMarksAreRefused() {
        Duration second = Duration.ofSeconds(1);
        assertThatThrownBy(() -> new ConsumerPace.Marks(150, 150, second.multipliedBy(2), second))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ConsumerPace.Marks(600, -1, second.multipliedBy(2), second))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ConsumerPace.Marks(600, 150, second, second))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ConsumerPace(MARKS, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static ConsumerLagMeasured lag(long events, long oldestMillis) {
        return new ConsumerLagMeasured(events, Duration.ofMillis(oldestMillis));
    }
}
