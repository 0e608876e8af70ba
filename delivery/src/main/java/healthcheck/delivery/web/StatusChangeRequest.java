package healthcheck.delivery.web;

import healthcheck.events.DeliveryStatus;
import jakarta.validation.constraints.NotNull;

/** An unknown status name fails to parse and answers 400 before any of this reaches the domain. */
record StatusChangeRequest(@NotNull DeliveryStatus status) {
}
