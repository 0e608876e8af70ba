package healthcheck.schedule.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class HoldTest {

    private static final Instant NOW = Instant.parse("2026-11-01T09:00:00Z");
    private static final String HOLD_ID = UUID.randomUUID().toString();

    @Test
    void aTakeCreatesAHeldHold() {
        Hold hold = Hold.held(HOLD_ID, 1, 7, 10, NOW);

        assertThat(hold.status()).isEqualTo(HoldStatus.HELD);
        assertThat(hold.isReleased()).isFalse();
        assertThat(hold.count()).isEqualTo(10);
        assertThat(hold.createdAt()).isEqualTo(NOW);
        assertThat(hold.releasedAt()).isNull();
        assertThat(hold.isNew()).isTrue();
    }

    @Test
    void aHoldNeedsAPositiveCountWithinTheMaximumCapacity() {
        assertThatIllegalArgumentException().isThrownBy(() -> Hold.held(HOLD_ID, 1, 7, 0, NOW));
        assertThatIllegalArgumentException().isThrownBy(() -> Hold.held(HOLD_ID, 1, 7, -3, NOW));
        assertThatIllegalArgumentException().isThrownBy(() -> Hold.held(HOLD_ID, 1, 7, 100_001, NOW));
    }

    @Test
    void aHoldNeedsAHoldIdThatFitsItsColumn() {
        assertThatIllegalArgumentException().isThrownBy(() -> Hold.held(null, 1, 7, 1, NOW));
        assertThatIllegalArgumentException().isThrownBy(() -> Hold.held(" ", 1, 7, 1, NOW));
        assertThatIllegalArgumentException().isThrownBy(() -> Hold.held("x".repeat(37), 1, 7, 1, NOW));
    }

    @Test
    void aReleaseThatOvertakesTheTakeLeavesAReleasedTombstone() {
        Hold tombstone = Hold.tombstone(HOLD_ID, 1, 7, 10, NOW);

        assertThat(tombstone.status()).isEqualTo(HoldStatus.RELEASED);
        assertThat(tombstone.isReleased()).isTrue();
        assertThat(tombstone.releasedAt()).isEqualTo(NOW);
    }

    @Test
    void aTombstoneAcceptsTheCountOfAFailedAttemptThatNeverSaidHowMany() {
        assertThat(Hold.tombstone(HOLD_ID, 1, 7, 0, NOW).count()).isZero();
        assertThat(Hold.tombstone(HOLD_ID, 1, 7, -1, NOW).count()).isZero();
    }

    @Test
    void aRetriedTakeMatchesOnlyTheSameScheduleReservationAndCount() {
        Hold hold = Hold.held(HOLD_ID, 1, 7, 10, NOW);

        assertThat(hold.matches(1, 7, 10)).isTrue();
        assertThat(hold.matches(2, 7, 10)).isFalse();
        assertThat(hold.matches(1, 8, 10)).isFalse();
        assertThat(hold.matches(1, 7, 11)).isFalse();
    }
}
