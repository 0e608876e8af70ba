package healthcheck.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.UncategorizedDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;

class StoreFailuresTest {

    /** A wrapper that says nothing about the kind of failure, as an ORM's or a driver's own may. */
    private static final class Uncategorized extends UncategorizedDataAccessException {
        Uncategorized(Throwable cause) {
            super("JDBC exception", cause);
        }
    }

    @Test
    void aConnectionTheServerTerminatedOnRestartIsUnreachableHoweverItIsWrapped() {
        // what PostgreSQL says to every open connection when it shuts down (fast mode), wrapped twice
        assertThat(StoreFailures.unreachable(new Uncategorized(new RuntimeException(
                new SQLException("FATAL: terminating connection due to administrator command", "57P01"))))).isTrue();
        assertThat(StoreFailures.unreachable(new SQLException("An I/O error occurred", "08006"))).isTrue();
        assertThat(StoreFailures.unreachable(new CannotCreateTransactionException("no connection in 2 s"))).isTrue();
    }

    @Test
    void aRollbackOnAConnectionThePoolClosedIsUnreachable() {
        assertThat(StoreFailures.unreachable(new Uncategorized(new RuntimeException(
                "Unable to rollback against JDBC Connection", new SQLException("Connection is closed"))))).isTrue();
    }

    @Test
    void aRefusalByTheDatabaseItselfIsNot() {
        assertThat(StoreFailures.unreachable(new DataIntegrityViolationException("duplicate key",
                new SQLIntegrityConstraintViolationException("duplicate key value", "23505")))).isFalse();
        assertThat(StoreFailures.unreachable(new IllegalStateException("a bug"))).isFalse();
        assertThat(StoreFailures.unreachable(new SQLException("syntax error", "42601"))).isFalse();
    }
}
