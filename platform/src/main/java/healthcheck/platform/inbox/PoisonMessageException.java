package healthcheck.platform.inbox;

/**
 * A consumed message that can never be handled as it is: undecodable, of a type this service does not know, or
 * breaking an invariant. It goes to the dead-letter topic at once, with this message as its reason, to be replayed
 * after a fix ({@code bin/stack dlq}); retrying it would only hold up the partition behind it.
 */
public class PoisonMessageException extends RuntimeException {

    public PoisonMessageException(String message) {
        super(message);
    }

    public PoisonMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
