package healthcheck.schedule.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;

class ScheduleTest {

    private static final Instant NOW = Instant.parse("2026-11-01T09:00:00Z");

    @Test
    void aNewScheduleHasAllItsPlacesFree() {
        Schedule schedule = Schedule.register(1, 100, LocalDate.of(2026, 12, 1), LocalTime.of(9, 30),
                "Seoul Central", "basic", NOW);

        assertThat(schedule.capacity()).isEqualTo(100);
        assertThat(schedule.availableCount()).isEqualTo(100);
        assertThat(schedule.heldCount()).isZero();
        assertThat(schedule.isNew()).isTrue();
    }

    @Test
    void descriptiveFieldsAreOptional() {
        Schedule schedule = Schedule.register(2, 1, null, null, null, null, NOW);

        assertThat(schedule.checkupDate()).isNull();
        assertThat(schedule.centre()).isNull();
    }

    @Test
    void capacityMustBeBetweenOneAndOneHundredThousand() {
        assertThatIllegalArgumentException().isThrownBy(() -> Schedule.register(1, 0, null, null, null, null, NOW));
        assertThatIllegalArgumentException().isThrownBy(() -> Schedule.register(1, -5, null, null, null, null, NOW));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Schedule.register(1, 100_001, null, null, null, null, NOW));
        assertThat(Schedule.register(1, 100_000, null, null, null, null, NOW).capacity()).isEqualTo(100_000);
    }

    @Test
    void scheduleIdMustBePositive() {
        assertThatIllegalArgumentException().isThrownBy(() -> Schedule.register(0, 10, null, null, null, null, NOW));
        assertThatIllegalArgumentException().isThrownBy(() -> Schedule.register(-1, 10, null, null, null, null, NOW));
    }

    @Test
    void onlyAPositiveCountWithinTheAvailablePlacesCanBeTaken() {
        Schedule schedule = Schedule.register(1, 3, null, null, null, null, NOW);

        assertThat(schedule.canTake(1)).isTrue();
        assertThat(schedule.canTake(3)).isTrue();
        assertThat(schedule.canTake(4)).isFalse();
        assertThat(schedule.canTake(0)).isFalse();
        assertThat(schedule.canTake(-1)).isFalse();
    }
}
