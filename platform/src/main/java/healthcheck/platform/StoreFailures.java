package healthcheck.platform;

import java.net.ConnectException;
import java.net.SocketException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Whether a failure means the service's database is out of reach for now (restarting, failing over, no connection
 * free within the pool's wait), judged on the whole chain of causes: what the web answers with 503
 * {@code STORE_UNAVAILABLE} and a consumer retries until the database is back. The wrappers vary (Spring's
 * translation of a statement's failure, a TransactionSystemException for a failed commit or rollback, an
 * uncategorized exception where nothing matched); the SQLState underneath does not.
 */
public final class StoreFailures {

    private StoreFailures() {
    }

    public static boolean unreachable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof CannotCreateTransactionException || cause instanceof DataAccessResourceFailureException
                    || cause instanceof RecoverableDataAccessException
                    || cause instanceof SQLTransientConnectionException || cause instanceof SQLRecoverableException
                    || cause instanceof SQLNonTransientConnectionException
                    || cause instanceof ConnectException || cause instanceof SocketException) {
                return true;
            }
            if (cause instanceof SQLException sql && (connectionLost(sql.getSQLState()) || evictedByPool(sql))) {
                return true;
            }
        }
        return false;
    }

    /**
     * HikariCP closes a connection it saw fail with a connection error, and the statement or rollback that comes
     * next on it fails with this, without a SQLState ("Unable to rollback against JDBC Connection" after the
     * server restarted): the failure underneath was the connection's, and the transaction changed nothing.
     */
    private static boolean evictedByPool(SQLException e) {
        return e.getSQLState() == null && "Connection is closed".equals(e.getMessage());
    }

    /**
     * SQLState class 08 (connection exception: gone, closed, refused), and PostgreSQL's 57P01-57P03 (the server
     * shutting down or starting: "terminating connection due to administrator command").
     */
    private static boolean connectionLost(String sqlState) {
        return sqlState != null && (sqlState.startsWith("08") || sqlState.startsWith("57P"));
    }
}
