package healthcheck.schedule.domain;

/** The key was used before for a different registration: answering either one for the other would be wrong. */
public class IdempotencyKeyReusedException extends RuntimeException {

    public IdempotencyKeyReusedException(String key) {
        super("Idempotency-Key " + key + " was already used for a different registration");
    }
}
