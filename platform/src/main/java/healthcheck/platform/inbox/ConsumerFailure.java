package healthcheck.platform.inbox;

import healthcheck.platform.StoreFailures;
import java.net.SocketTimeoutException;
import java.sql.SQLTransientException;
import org.springframework.dao.TransientDataAccessException;
import tools.jackson.core.JacksonException;

/** What kind of failure a consumer's handler hit, judged on the whole chain of causes. */
enum ConsumerFailure {

    /** Can pass by itself: the database restarting, a lock or connection timeout, a conflicting concurrent write. */
    TRANSIENT,
    /** Can never succeed as it is: undecodable, unknown type, invariant broken. */
    POISON,
    /** Anything else: a few more attempts, then the dead-letter topic. */
    OTHER;

    static ConsumerFailure of(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof PoisonMessageException || cause instanceof JacksonException) {
                return POISON;
            }
            if (StoreFailures.unreachable(cause) || cause instanceof TransientDataAccessException
                    || cause instanceof SQLTransientException || cause instanceof SocketTimeoutException) {
                return TRANSIENT;
            }
        }
        return OTHER;
    }
}
