package healthcheck.reservation.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ConsumerPaceTest {

    private final ConsumerPace pace = new ConsumerPace(600, 150, 5);

    @Test
    void nothingIsHeldBackUntilTheLagPassesTheHighMark() {
        assertThat(pace.follow(0, 200)).isZero();
        assertThat(pace.follow(600, 200)).isZero();
    }

    @Test
    void pastTheHighMarkBookingsAreHeldToHalfThePaceTheyRanAt() {
        assertThat(pace.follow(601, 200)).isEqualTo(100);
    }

    @Test
    void whileTheLagDoesNotShrinkThePaceIsCutByThirtyPercentEachTimeDownToTheFloor() {
        pace.follow(700, 200);
        assertThat(pace.follow(800, 100)).isEqualTo(70);
        assertThat(pace.follow(800, 70)).isEqualTo(49, org.assertj.core.data.Offset.offset(1e-9));
        for (int i = 0; i < 20; i++) {
            pace.follow(900 + i, 5);
        }
        assertThat(pace.follow(2_000, 5)).as("the floor").isEqualTo(5);
    }

    @Test
    void whileTheLagShrinksThePaceIsKeptEvenBetweenTheMarks() {
        pace.follow(700, 200);
        assertThat(pace.follow(500, 100)).isEqualTo(100);
        assertThat(pace.follow(300, 100)).isEqualTo(100);
        assertThat(pace.follow(151, 100)).isEqualTo(100);
    }

    @Test
    void atTheLowMarkOrWhenTheLagIsUnknownNothingIsHeldBack() {
        pace.follow(700, 200);
        assertThat(pace.follow(150, 100)).isZero();
        pace.follow(700, 200);
        assertThat(pace.follow(-1, 100)).isZero();
    }

    @Test
    void aLagBetweenTheMarksDoesNotStartHoldingBack() {
        assertThat(pace.follow(400, 200)).isZero();
        assertThat(pace.follow(500, 200)).isZero();
    }

    @Test
    void nonsenseMarksAreRefused() {
        assertThatThrownBy(() -> new ConsumerPace(150, 150, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ConsumerPace(600, -1, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ConsumerPace(600, 150, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
