package healthcheck.reservation.web;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/** Boxed types so that a missing field is a validation error, not a silent zero. */
record CreateReservationRequest(
        @Positive Long reservationId,
        @NotNull @Positive Long scheduleId,
        @NotNull @Min(1) @Max(1000) Integer reservationCount,
        @Size(min = 1, max = 100) String customerId) {
}
