package healthcheck.reservation.web;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

/**
 * Boxed types so that a missing field is a validation error, not a silent zero. No customer field: the customer is
 * the token's subject, whatever a body might claim.
 */
record CreateReservationRequest(
        @Positive Long reservationId,
        @NotNull @Positive Long scheduleId,
        @NotNull @Min(1) @Max(1000) Integer reservationCount) {
}
