package healthcheck.schedule.web;

import healthcheck.schedule.domain.Schedule;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;

/** holdId is chosen by the caller before the call, so a retry after a timeout can say "the same take again". */
record HoldRequest(
        @NotNull @Pattern(regexp = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$",
                message = "must be a UUID") String holdId,
        @NotNull @Positive Long reservationId,
        @NotNull @Min(1) @Max(Schedule.MAX_CAPACITY) Integer count) {
}
