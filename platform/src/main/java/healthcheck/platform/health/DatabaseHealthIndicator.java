package healthcheck.platform.health;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The readiness probe's database check ({@code db}), on a connection of its own. Spring Boot's check borrows from
 * the application's pool, so at peak, with every pooled connection busy with bookings, the probe waited in line
 * behind them, missed its timeout, and took a busy but healthy instance out of service. This one keeps a single
 * connection outside the pool and asks it {@link Connection#isValid}: it answers in milliseconds however busy the
 * pool is, and still says DOWN when the database is gone.
 * <p>
 * Written here because Boot has no option to run its check outside the pool.
 */
public class DatabaseHealthIndicator implements HealthIndicator, AutoCloseable {

    private static final int TIMEOUT_SECONDS = 1;

    private final HikariDataSource pool;
    private final ReentrantLock lock = new ReentrantLock();
    private Connection connection;

    public DatabaseHealthIndicator(HikariDataSource pool) {
        this.pool = pool;
    }

    @Override
    public Health health() {
        lock.lock();
        try {
            if (connection == null || !connection.isValid(TIMEOUT_SECONDS)) {
                reconnect();
            }
            return Health.up().withDetail("database", connection.getMetaData().getDatabaseProductName())
                    .withDetail("validation", "isValid() on the probe's own connection")
                    .withDetail("poolActive", pool.getHikariPoolMXBean() == null ? 0
                            : pool.getHikariPoolMXBean().getActiveConnections())
                    .build();
        } catch (SQLException | RuntimeException e) {
            disconnect();
            return Health.down().withDetail("error", e.getClass().getSimpleName()).build();
        } finally {
            lock.unlock();
        }
    }

    /** Closed with the context, before the pool: an embedded database must not be left open by the probe. */
    @Override
    public void close() {
        lock.lock();
        try {
            disconnect();
        } finally {
            lock.unlock();
        }
    }

    private void reconnect() throws SQLException {
        disconnect();
        Properties properties = new Properties();
        properties.putAll(pool.getDataSourceProperties());
        if (pool.getUsername() != null) {
            properties.setProperty("user", pool.getUsername());
        }
        if (pool.getPassword() != null) {
            properties.setProperty("password", pool.getPassword());
        }
        connection = DriverManager.getConnection(pool.getJdbcUrl(), properties);
        if (!connection.isValid(TIMEOUT_SECONDS)) {
            throw new SQLException("the database did not answer within " + TIMEOUT_SECONDS + " s");
        }
    }

    private void disconnect() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // going away anyway
            }
            connection = null;
        }
    }
}
