package healthcheck.platform.inbox;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
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
            if (cause instanceof TransientDataAccessException || cause instanceof RecoverableDataAccessException
                    || cause instanceof DataAccessResourceFailureException
                    || cause instanceof CannotCreateTransactionException
                    || cause instanceof SQLTransientException || cause instanceof SQLRecoverableException
                    || cause instanceof ConnectException || cause instanceof SocketTimeoutException) {
                return TRANSIENT;
            }
        }
        return OTHER;
    }
}
