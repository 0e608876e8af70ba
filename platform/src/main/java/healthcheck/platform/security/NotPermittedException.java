package healthcheck.platform.security;

import healthcheck.http.SecurityRefusal;
import healthcheck.platform.refusal.Refusal;

/** A valid caller asking for something their role does not reach, found out by the service rather than its rules. */
public final class NotPermittedException extends Refusal {

    public NotPermittedException(String detail) {
        super(Kind.FORBIDDEN, SecurityRefusal.FORBIDDEN.code(), SecurityRefusal.FORBIDDEN.title(), detail);
    }
}
