package healthcheck.platform.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

class DatabaseHealthIndicatorTest {

    private HikariDataSource pool;
    private DatabaseHealthIndicator probe;

    @BeforeEach
    void onePooledConnection() {
        pool = new HikariDataSource();
        pool.setJdbcUrl("jdbc:h2:mem:probe-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        pool.setUsername("sa");
        pool.setMaximumPoolSize(1);
        pool.setConnectionTimeout(5_000);
        probe = new DatabaseHealthIndicator(pool);
    }

    @AfterEach
    void close() {
        probe.close();
        pool.close();
    }

    @Test
    void withEveryPooledConnectionBusyTheProbeStillAnswersUpAtOnce() throws Exception {
        try (Connection busy = pool.getConnection()) {
            long started = System.nanoTime();
            Health health = probe.health();
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(took).as("not waiting for the pool's 5 s connection timeout").isLessThan(Duration.ofSeconds(2));
            assertThat(busy.isValid(1)).isTrue();
        }
    }

    @Test
    void aDatabaseThatCannotBeReachedIsDown() {
        HikariDataSource unreachablePool = new HikariDataSource();
        unreachablePool.setJdbcUrl("jdbc:h2:tcp://127.0.0.1:1/nowhere");
        unreachablePool.setInitializationFailTimeout(-1);
        DatabaseHealthIndicator unreachable = new DatabaseHealthIndicator(unreachablePool);
        try {
            assertThat(unreachable.health().getStatus()).isEqualTo(Status.DOWN);
        } finally {
            unreachable.close();
            unreachablePool.close();
        }
    }
}
