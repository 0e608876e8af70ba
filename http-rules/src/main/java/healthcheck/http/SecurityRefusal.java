package healthcheck.http;

/**
 * The refusals of the security filters, the gateway's (WebFlux) and every service's (servlet, in platform), named
 * once so that a client sees the same status, {@code code} and detail whichever of them refused it. Each side writes
 * them in its own problem+json writer. The details name no value: what they would name came from the caller.
 */
public enum SecurityRefusal {

    /** No bearer token, or one that is not valid: the caller's to fix. */
    UNAUTHENTICATED(401, "Unauthorized", "A valid bearer token from the configured issuer is required.", 0),

    /** A valid token that does not grant the action. */
    FORBIDDEN(403, "Forbidden", "The token does not grant this action.", 0),

    /**
     * What the firewall refuses: a control character in a header read, an encoded slash or a double slash in the
     * URL, a method nobody serves (Spring answers it with an empty 400).
     */
    REQUEST_REJECTED(400, "Bad Request",
            "The request's URL, method or a header holds something this API does not accept.", 0),

    /** The token cannot be checked because the issuer's keys cannot be fetched: ours, come back shortly. */
    ISSUER_UNAVAILABLE(503, "Service Unavailable",
            "The token cannot be checked now: the issuer's keys cannot be fetched. Try again shortly.", 5);

    private final int status;
    private final String title;
    private final String detail;
    private final int retryAfterSeconds;

    SecurityRefusal(int status, String title, String detail, int retryAfterSeconds) {
        this.status = status;
        this.title = title;
        this.detail = detail;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int status() {
        return status;
    }

    /** The HTTP status's reason phrase, the problem's {@code title}. */
    public String title() {
        return title;
    }

    /** The problem's {@code code}, what a client branches on. */
    public String code() {
        return name();
    }

    public String detail() {
        return detail;
    }

    /** The {@code Retry-After} to send in seconds, 0 for none: only a refusal that is ours asks to come back. */
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
