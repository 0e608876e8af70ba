package healthcheck.customercenter.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

@RestControllerAdvice
class MyPageProblems {

    /**
     * Says "not yet" rather than "never": the page is built from events, so a booking just made may not have
     * reached MyPage when it is first asked for.
     */
    @ExceptionHandler(MyPageNotFoundException.class)
    ProblemDetail notFound(MyPageNotFoundException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        problem.setTitle("MyPage not found");
        problem.setProperty("code", "MY_PAGE_NOT_FOUND");
        problem.setProperty("reservationId", e.reservationId());
        return problem;
    }
}
