package healthcheck.customercenter.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;

class ScheduleDetailsTest {

    private static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");

    @Test
    void anOlderRegistrationArrivingLateDoesNotReplaceANewerOne() {
        ScheduleDetails known = new ScheduleDetails(1, 100, LocalDate.of(2026, 12, 2), LocalTime.of(10, 0),
                "Busan", "premium", T0.plusSeconds(10));

        known.merge(new ScheduleDetails(1, 50, LocalDate.of(2026, 12, 1), LocalTime.of(9, 30), "Seoul Central",
                "basic", T0));

        assertThat(known.centre()).isEqualTo("Busan");
        assertThat(known.capacity()).isEqualTo(100);
    }
}
