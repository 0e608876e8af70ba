package healthcheck.platform.web;

import healthcheck.platform.StoreFailures;
import healthcheck.platform.refusal.Refusal;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamReadException;

/**
 * Every framework-level refusal (malformed JSON, invalid fields, wrong content type, a URL nothing serves,
 * unsupported methods) answers as RFC 9457 problem+json with a stable {@code code} a client can act on, and a
 * refusal of the request's content names the offending fields: {@code errors: [{field, message}]}. Services add
 * their own handlers for domain outcomes (404, 409, 503) next to their controllers.
 */
@RestControllerAdvice
public class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    /** A request whose content breaks a rule: the fields are in {@code errors}. */
    public static final String VALIDATION_FAILED = "VALIDATION_FAILED";
    /** A body that is not JSON at all (or empty), so no field can be named. */
    public static final String MALFORMED_REQUEST = "MALFORMED_REQUEST";
    /**
     * A URL that no endpoint serves. Told apart from "this schedule (reservation, ...) does not exist", which has its
     * own code, so a caller with a wrong base URL does not conclude that the thing it asked for is missing.
     */
    public static final String NO_SUCH_ENDPOINT = "NO_SUCH_ENDPOINT";

    /** The database is out of reach for now; answered 503 with Retry-After. */
    public static final String STORE_UNAVAILABLE = "STORE_UNAVAILABLE";
    public static final String INTERNAL_ERROR = "INTERNAL_ERROR";
    public static final String CONCURRENT_CHANGE = "CONCURRENT_CHANGE";
    /** A restart or failover takes seconds; a client told 2 s comes back about when a new connection can open. */
    private static final long STORE_RETRY_AFTER_SECONDS = 2;
    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

    /** One offending field: its JSON path (or parameter name) and what is wrong with it. */
    public record FieldProblem(String field, String message) {
    }

    /** A service's own refusal (see {@link Refusal}): every one answered the same way. */
    @ExceptionHandler(Refusal.class)
    ResponseEntity<ProblemDetail> refused(Refusal refusal) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(refusal.kind().status()),
                refusal.getMessage());
        problem.setTitle(refusal.title());
        problem.setProperty("code", refusal.code());
        refusal.properties().forEach(problem::setProperty);
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(refusal.kind().status())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        refusal.retryAfter().ifPresent(wait ->
                answer.header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, wait.toSeconds()))));
        return answer.body(problem);
    }

    /**
     * A write that lost a race with another (an optimistic lock): nothing was changed; the client reads the thing
     * again and decides.
     */
    @ExceptionHandler(OptimisticLockingFailureException.class)
    ResponseEntity<ProblemDetail> concurrentChange(OptimisticLockingFailureException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                "It changed while this request was processed; nothing was changed. Read it again and retry.");
        problem.setTitle("Concurrent change");
        problem.setProperty("code", CONCURRENT_CHANGE);
        return ResponseEntity.status(HttpStatus.CONFLICT).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    /**
     * The service's database out of reach (see {@link StoreFailures}): nothing was changed, and the request may be
     * sent again shortly; with an Idempotency-Key a booking is never made twice. Anything else unforeseen is a 500
     * with a code, logged with its stack trace, its text never shown to the client.
     */
    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unforeseen(Exception e) {
        if (StoreFailures.unreachable(e)) {
            log.warn("Database unavailable: {}", e.toString());
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                    "The data cannot be read or stored right now; nothing was changed. Please try again shortly.");
            problem.setTitle("Temporarily unavailable");
            problem.setProperty("code", STORE_UNAVAILABLE);
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .header(HttpHeaders.RETRY_AFTER, Long.toString(STORE_RETRY_AFTER_SECONDS))
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
        }
        log.error("Request failed unexpectedly", e);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "Something went wrong on our side.");
        problem.setProperty("code", INTERNAL_ERROR);
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ProblemDetail constraintViolated(ConstraintViolationException e) {
        List<FieldProblem> errors = new ArrayList<>();
        for (ConstraintViolation<?> violation : e.getConstraintViolations()) {
            errors.add(new FieldProblem(leafName(violation.getPropertyPath()), violation.getMessage()));
        }
        ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.BAD_REQUEST);
        invalid(problem, errors);
        return problem;
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
                                                             HttpStatusCode statusCode, WebRequest request) {
        ResponseEntity<Object> response = super.handleExceptionInternal(ex, body, headers, statusCode, request);
        if (response != null && response.getBody() instanceof ProblemDetail problem) {
            describe(ex, problem);
        }
        return response;
    }

    private static void describe(Exception ex, ProblemDetail problem) {
        switch (ex) {
            case MethodArgumentNotValidException invalid -> {
                List<FieldProblem> errors = new ArrayList<>();
                for (FieldError error : invalid.getBindingResult().getFieldErrors()) {
                    errors.add(new FieldProblem(error.getField(), fieldMessage(error)));
                }
                invalid.getBindingResult().getGlobalErrors().forEach(error ->
                        errors.add(new FieldProblem(error.getObjectName(), message(error))));
                invalid(problem, errors);
            }
            case HandlerMethodValidationException invalid -> {
                List<FieldProblem> errors = new ArrayList<>();
                // a @Valid object among constrained parameters (a PageQuery next to a @Size customerId) is
                // validated here too: its errors name its own fields (page, size), not the parameter
                invalid.getParameterValidationResults().forEach(result -> result.getResolvableErrors().forEach(
                        error -> errors.add(error instanceof FieldError field
                                ? new FieldProblem(field.getField(), fieldMessage(field))
                                : new FieldProblem(result.getMethodParameter().getParameterName(), message(error)))));
                invalid(problem, errors);
            }
            case TypeMismatchException mismatch -> invalid(problem, List.of(new FieldProblem(
                    mismatch.getPropertyName(), "must be " + typeName(mismatch.getRequiredType()))));
            case MissingServletRequestParameterException missing -> invalid(problem, List.of(
                    new FieldProblem(missing.getParameterName(), "is required")));
            case HttpMessageNotReadableException unreadable -> unreadable(unreadable, problem);
            case NoResourceFoundException ignored -> noSuchEndpoint(problem);
            case NoHandlerFoundException ignored -> noSuchEndpoint(problem);
            case HttpRequestMethodNotSupportedException ignored -> problem.setProperty("code", "METHOD_NOT_ALLOWED");
            case HttpMediaTypeNotSupportedException ignored ->
                    problem.setProperty("code", "UNSUPPORTED_MEDIA_TYPE");
            case HttpMediaTypeNotAcceptableException ignored -> problem.setProperty("code", "NOT_ACCEPTABLE");
            default -> {
                HttpStatus status = HttpStatus.resolve(problem.getStatus());
                problem.setProperty("code", status == null ? "HTTP_" + problem.getStatus() : status.name());
            }
        }
    }

    /**
     * A body Jackson could not turn into the request: a value of the wrong kind names its field (the path Jackson
     * tracked, e.g. {@code reservationCount} or {@code items[2].count}); a body that is not JSON names none.
     */
    private static void unreadable(HttpMessageNotReadableException e, ProblemDetail problem) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof StreamReadException && !(cause instanceof InputCoercionException)) {
                break; // not JSON: whatever path Jackson had reached names no field that was wrong
            }
            if (cause instanceof JacksonException jackson && !jackson.getPath().isEmpty()) {
                invalid(problem, List.of(new FieldProblem(path(jackson.getPath()), valueProblem(jackson))));
                return;
            }
        }
        problem.setTitle("Malformed request");
        problem.setDetail("The request body is missing or is not valid JSON.");
        problem.setProperty("code", MALFORMED_REQUEST);
    }

    private static void invalid(ProblemDetail problem, List<FieldProblem> errors) {
        List<FieldProblem> sorted = errors.stream()
                .sorted(Comparator.comparing(FieldProblem::field, Comparator.nullsLast(Comparator.naturalOrder())))
                .toList();
        problem.setTitle("Invalid request");
        problem.setDetail(sorted.isEmpty() ? "The request is invalid."
                : "Invalid " + String.join(", ", sorted.stream().map(FieldProblem::field).distinct().toList())
                + ": " + String.join("; ", sorted.stream().map(p -> p.field() + " " + p.message()).toList()) + ".");
        problem.setProperty("code", VALIDATION_FAILED);
        problem.setProperty("errors", sorted.stream()
                .map(p -> Map.of("field", String.valueOf(p.field()), "message", p.message())).toList());
    }

    private static void noSuchEndpoint(ProblemDetail problem) {
        problem.setTitle("No such endpoint");
        problem.setProperty("code", NO_SUCH_ENDPOINT);
    }

    /**
     * A query parameter bound into an object ({@code ?size=ten} for a {@link PageQuery}) that could not be converted
     * says so as a {@code @RequestParam} does, not with the converter's exception text.
     */
    private static String fieldMessage(FieldError error) {
        if (error.isBindingFailure() && error.contains(TypeMismatchException.class)) {
            return "must be " + typeName(error.unwrap(TypeMismatchException.class).getRequiredType());
        }
        return message(error);
    }

    private static String message(MessageSourceResolvable error) {
        String message = error.getDefaultMessage();
        return message == null ? "is invalid" : message;
    }

    /** What Jackson says was wrong with the value, without the Java types and source positions it adds. */
    private static String valueProblem(JacksonException e) {
        String original = e.getOriginalMessage();
        if (original != null && original.contains("out of range")) {
            return "is out of range";
        }
        return "has a value of the wrong type";
    }

    private static String path(List<JacksonException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : references) {
            if (reference.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "body" : path.toString();
    }

    private static String leafName(Path path) {
        String name = null;
        for (Path.Node node : path) {
            name = node.getName();
        }
        return name == null ? "request" : name;
    }

    private static String typeName(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
            return "a whole number";
        }
        return "a " + type.getSimpleName();
    }
}
