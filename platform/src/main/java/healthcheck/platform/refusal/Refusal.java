package healthcheck.platform.refusal;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A request a service turns down for a reason its client can act on: a service declares each of its refusals as a
 * subclass, in its domain (this type knows nothing of HTTP beyond a status number), and platform answers every
 * one the same way, as problem+json with its {@code code}, title, detail, extra properties and Retry-After (see
 * {@code ProblemDetailsAdvice}). No stack trace: a refusal is an expected outcome, thrown thousands of times in a
 * rush ("fully booked"), and its cause, if any, is kept.
 */
public abstract class Refusal extends RuntimeException {

    /** What kind of refusal, and the status it is answered with. */
    public enum Kind {
        FORBIDDEN(403), NOT_FOUND(404), CONFLICT(409), UNPROCESSABLE(422), UNAVAILABLE(503);

        private final int status;

        Kind(int status) {
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private final Kind kind;
    private final String code;
    private final String title;
    private final Map<String, Object> properties = new LinkedHashMap<>();
    private Duration retryAfter;

    /**
     * @param code stable and machine-readable, e.g. {@code SCHEDULE_FULL}; what clients switch on
     * @param detail what the client is told: for people, never internal state
     */
    protected Refusal(Kind kind, String code, String title, String detail) {
        this(kind, code, title, detail, null);
    }

    protected Refusal(Kind kind, String code, String title, String detail, Throwable cause) {
        super(detail, cause, false, false);
        this.kind = kind;
        this.code = code;
        this.title = title;
    }

    /** Adds a property the client can use (e.g. {@code availableCount}); from the subclass's constructor. */
    protected final void property(String name, Object value) {
        properties.put(name, value);
    }

    /** Tells the client when asking again makes sense; from the subclass's constructor. */
    protected final void retryAfter(Duration retryAfter) {
        this.retryAfter = retryAfter;
    }

    public Kind kind() {
        return kind;
    }

    public String code() {
        return code;
    }

    public String title() {
        return title;
    }

    public Map<String, Object> properties() {
        return Map.copyOf(properties);
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
