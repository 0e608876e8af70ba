package healthcheck.schedule.web;

import healthcheck.schedule.domain.Schedule;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import java.time.LocalTime;

/** The spec's request ({@code scheduleId}, {@code availableCount}) plus the optional descriptive fields. */
record RegisterScheduleRequest(
        @NotNull @Positive Long scheduleId,
        @NotNull @Min(1) @Max(Schedule.MAX_CAPACITY) Integer availableCount,
        LocalDate checkupDate,
        LocalTime checkupTime,
        @Size(max = 200) String centre,
        @Size(max = 100) String checkupPackage) {
}
