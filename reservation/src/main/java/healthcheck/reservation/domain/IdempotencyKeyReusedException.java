package healthcheck.reservation.domain;

import healthcheck.platform.refusal.Refusal;

/** The key was used before for a different request: answering either one for the other would be wrong. */
public class IdempotencyKeyReusedException extends Refusal {

    public IdempotencyKeyReusedException(String key) {
        super(Kind.UNPROCESSABLE, "IDEMPOTENCY_KEY_REUSED", "Idempotency-Key reused",
                "Idempotency-Key " + key + " was already used for a different booking request");
    }
}
