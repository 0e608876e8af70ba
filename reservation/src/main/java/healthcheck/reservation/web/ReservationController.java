package healthcheck.reservation.web;

import healthcheck.platform.security.Caller;
import healthcheck.platform.security.NotPermittedException;
import healthcheck.platform.web.PageQuery;
import healthcheck.reservation.domain.Bookings;
import healthcheck.reservation.domain.NewReservation;
import healthcheck.reservation.domain.ReservationNotFoundException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.net.URI;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.data.domain.Sort;
import org.springframework.data.web.PagedModel;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Validated
@RequestMapping(path = "/reservations", produces = MediaType.APPLICATION_JSON_VALUE)
class ReservationController {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final Bookings bookings;
    private final BookingAdmission admission;

    ReservationController(Bookings bookings, BookingAdmission admission) {
        this.bookings = bookings;
        this.admission = admission;
    }

    /**
     * Books. With an {@code Idempotency-Key} a client may send the same request again after a timeout or a lost
     * answer and gets the booking it made, never a second one (see {@link Bookings#book(NewReservation, String,
     * long)}); printable ASCII, e.g. a UUID.
     */
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ReservationResponse> book(Caller caller, @Valid @RequestBody CreateReservationRequest request,
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false)
            @Size(min = 1, max = 255) @Pattern(regexp = "[\\x21-\\x7E]+", message = "must be printable ASCII")
            String idempotencyKey) {
        long arrivedAt = System.nanoTime();
        var reservation = admission.admit(() -> bookings.book(new NewReservation(request.reservationId(),
                request.scheduleId(), request.reservationCount(), caller.subject()), idempotencyKey, arrivedAt));
        return ResponseEntity.created(URI.create("/reservations/" + reservation.reservationId()))
                .body(ReservationResponse.of(reservation));
    }

    /** A customer's own booking; another's is not found (its existence is private). Staff read every booking. */
    @GetMapping("/{reservationId}")
    ReservationResponse get(Caller caller, @PathVariable @Positive long reservationId) {
        var reservation = bookings.find(reservationId);
        if (!caller.mayRead(reservation.customerId())) {
            throw new ReservationNotFoundException(reservationId);
        }
        return ReservationResponse.of(reservation);
    }

    /**
     * A customer's own reservations; staff: one customer's with customerId, everyone's without. A page at a time,
     * by reservationId.
     */
    @GetMapping
    PagedModel<ReservationResponse> list(Caller caller,
                                         @RequestParam(required = false) @Size(min = 1, max = 100) String customerId,
                                         @ParameterObject @Valid PageQuery page) {
        String whose = customerId;
        if (!caller.isStaff()) {
            if (customerId != null && !customerId.equals(caller.subject())) {
                throw new NotPermittedException("A customer lists only their own reservations.");
            }
            whose = caller.subject();
        }
        return new PagedModel<>(bookings.list(whose, page.toPageable(Sort.by("reservationId")))
                .map(ReservationResponse::of));
    }

    /** The customer cancels their own booking; anyone else's is not found. */
    @DeleteMapping("/{reservationId}")
    ReservationResponse cancel(Caller caller, @PathVariable @Positive long reservationId) {
        return ReservationResponse.of(bookings.cancel(reservationId, caller.subject()));
    }
}
