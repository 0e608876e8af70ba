package healthcheck.schedule.web;

import healthcheck.schedule.domain.DuplicateScheduleException;
import healthcheck.schedule.domain.HoldConflictException;
import healthcheck.schedule.domain.HoldReleasedException;
import healthcheck.schedule.domain.IdempotencyKeyReusedException;
import healthcheck.schedule.domain.InsufficientCapacityException;
import healthcheck.schedule.domain.ScheduleNotFoundException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Domain outcomes as RFC 9457 problems. {@code code} is the machine-readable part reservation switches on, so it
 * never has to parse titles or details.
 */
@RestControllerAdvice
class ScheduleProblems {

    @ExceptionHandler
    ProblemDetail notFound(ScheduleNotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "Schedule not found", e.getMessage(), "SCHEDULE_NOT_FOUND");
    }

    @ExceptionHandler
    ProblemDetail duplicate(DuplicateScheduleException e) {
        return problem(HttpStatus.CONFLICT, "Schedule already exists", e.getMessage(), "DUPLICATE_SCHEDULE");
    }

    @ExceptionHandler
    ProblemDetail insufficient(InsufficientCapacityException e) {
        ProblemDetail problem = problem(HttpStatus.CONFLICT, "Not enough places", e.getMessage(),
                "INSUFFICIENT_CAPACITY");
        problem.setProperty("availableCount", e.availableCount());
        problem.setProperty("scheduleId", e.scheduleId());
        return problem;
    }

    @ExceptionHandler
    ProblemDetail keyReused(IdempotencyKeyReusedException e) {
        return problem(HttpStatus.UNPROCESSABLE_CONTENT, "Idempotency-Key reused", e.getMessage(),
                "IDEMPOTENCY_KEY_REUSED");
    }

    @ExceptionHandler
    ProblemDetail released(HoldReleasedException e) {
        return problem(HttpStatus.CONFLICT, "Hold already released", e.getMessage(), "HOLD_RELEASED");
    }

    @ExceptionHandler
    ProblemDetail holdConflict(HoldConflictException e) {
        return problem(HttpStatus.CONFLICT, "Hold id already used", e.getMessage(), "HOLD_ID_CONFLICT");
    }

    private static ProblemDetail problem(HttpStatus status, String title, String detail, String code) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        problem.setProperty("code", code);
        return problem;
    }
}
