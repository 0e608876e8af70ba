package healthcheck.delivery.web;

import healthcheck.delivery.domain.DeliveryNotFoundException;
import healthcheck.delivery.domain.IllegalTransitionException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Domain outcomes as problem+json; framework-level bad input is answered by the platform's advice. */
@RestControllerAdvice
class DeliveryProblems {

    @ExceptionHandler(DeliveryNotFoundException.class)
    ProblemDetail notFound(DeliveryNotFoundException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        problem.setTitle("Delivery not found");
        problem.setProperty("code", "DELIVERY_NOT_FOUND");
        return problem;
    }

    @ExceptionHandler(IllegalTransitionException.class)
    ProblemDetail illegalTransition(IllegalTransitionException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setTitle("Illegal status change");
        problem.setProperty("code", "ILLEGAL_TRANSITION");
        problem.setProperty("currentStatus", e.current());
        problem.setProperty("requestedStatus", e.requested());
        return problem;
    }

    // A cancellation committed between our read and our write; the caller should look again before retrying.
    @ExceptionHandler(OptimisticLockingFailureException.class)
    ProblemDetail concurrentChange(OptimisticLockingFailureException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                "The delivery changed while this request was processed; read it again and retry");
        problem.setTitle("Concurrent change");
        problem.setProperty("code", "CONCURRENT_CHANGE");
        return problem;
    }
}
