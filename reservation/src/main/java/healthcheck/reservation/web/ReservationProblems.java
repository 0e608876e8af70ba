package healthcheck.reservation.web;

import healthcheck.reservation.domain.BookingInProgressException;
import healthcheck.reservation.domain.DuplicateReservationException;
import healthcheck.reservation.domain.IdempotencyKeyReusedException;
import healthcheck.reservation.domain.IllegalTransitionException;
import healthcheck.reservation.domain.ReservationNotFoundException;
import healthcheck.reservation.domain.ScheduleHolds.HoldReleasedException;
import healthcheck.reservation.domain.ScheduleHolds.InsufficientCapacityException;
import healthcheck.reservation.domain.ScheduleHolds.ScheduleNotFoundException;
import healthcheck.reservation.domain.ScheduleHolds.ScheduleUnavailableException;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The booking's domain outcomes as RFC 9457 problem+json. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ReservationProblems {

    private static final Logger log = LoggerFactory.getLogger(ReservationProblems.class);

    @ExceptionHandler(ReservationNotFoundException.class)
    ResponseEntity<ProblemDetail> notFound(ReservationNotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "Reservation not found", e.getMessage(), "RESERVATION_NOT_FOUND");
    }

    @ExceptionHandler(ScheduleNotFoundException.class)
    ResponseEntity<ProblemDetail> scheduleNotFound(ScheduleNotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "Schedule not found", e.getMessage(), "SCHEDULE_NOT_FOUND");
    }

    @ExceptionHandler(DuplicateReservationException.class)
    ResponseEntity<ProblemDetail> duplicate(DuplicateReservationException e) {
        return problem(HttpStatus.CONFLICT, "Reservation already exists", e.getMessage(), "DUPLICATE_RESERVATION");
    }

    @ExceptionHandler(InsufficientCapacityException.class)
    ResponseEntity<ProblemDetail> insufficient(InsufficientCapacityException e) {
        ResponseEntity<ProblemDetail> response = problem(HttpStatus.CONFLICT, "Not enough places", e.getMessage(),
                "INSUFFICIENT_CAPACITY");
        response.getBody().setProperty("availableCount", e.availableCount());
        return response;
    }

    @ExceptionHandler(HoldReleasedException.class)
    ResponseEntity<ProblemDetail> holdReleased(HoldReleasedException e) {
        return problem(HttpStatus.CONFLICT, "Booking attempt expired",
                "This booking attempt expired before the places could be taken; please try again.", "HOLD_RELEASED");
    }

    @ExceptionHandler(IllegalTransitionException.class)
    ResponseEntity<ProblemDetail> illegalTransition(IllegalTransitionException e) {
        ResponseEntity<ProblemDetail> response = problem(HttpStatus.CONFLICT, "Reservation cannot change that way",
                e.getMessage(), "ILLEGAL_TRANSITION");
        response.getBody().setProperty("status", e.status().name());
        return response;
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> keyReused(IdempotencyKeyReusedException e) {
        return problem(HttpStatus.UNPROCESSABLE_CONTENT, "Idempotency-Key reused", e.getMessage(),
                "IDEMPOTENCY_KEY_REUSED");
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> inProgress(BookingInProgressException e) {
        ResponseEntity<ProblemDetail> response = problem(HttpStatus.CONFLICT, "Booking in progress", e.getMessage(),
                "BOOKING_IN_PROGRESS");
        response.getBody().setProperty("reservationId", e.reservationId());
        return ResponseEntity.status(HttpStatus.CONFLICT).header(HttpHeaders.RETRY_AFTER, "1")
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(response.getBody());
    }

    @ExceptionHandler(ScheduleUnavailableException.class)
    ResponseEntity<ProblemDetail> unavailable(ScheduleUnavailableException e) {
        // An open circuit refuses thousands of bookings a minute in a rush; its opening and closing are logged once
        // each (ScheduleCircuitHealth), so only refusals that involved a real call are worth a line here.
        if (e.refusedWithoutCalling()) {
            log.debug("Booking refused, schedule unavailable: {}", e.getMessage());
        } else {
            log.warn("Booking refused, schedule unavailable: {}", e.getMessage());
        }
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "Booking is temporarily unavailable; nothing was booked. Please try again shortly.");
        body.setTitle("Booking temporarily unavailable");
        body.setProperty("code", "SCHEDULE_UNAVAILABLE");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()))
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(body);
    }

    /** Turned away at the door: too many bookings in progress or waiting. Nothing was written. */
    @ExceptionHandler(BulkheadFullException.class)
    ResponseEntity<ProblemDetail> tooBusy(BulkheadFullException e) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "Too many bookings are in progress right now; nothing was booked. Please try again in a moment.");
        body.setTitle("Booking temporarily unavailable");
        body.setProperty("code", "TOO_BUSY");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, "1")
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(body);
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String title, String detail, String code) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
        body.setTitle(title);
        body.setProperty("code", code);
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
    }
}
