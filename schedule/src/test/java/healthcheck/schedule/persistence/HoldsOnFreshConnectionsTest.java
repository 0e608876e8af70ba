package healthcheck.schedule.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import healthcheck.schedule.IntegrationTest;
import healthcheck.schedule.domain.ReleaseOutcome;
import healthcheck.schedule.domain.ScheduleService;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The schema's CHECK constraints keep working once the pool has closed the connection that created them. H2
 * 2.4.240 (Spring Boot 4.0.7's) evaluated a CHECK with IN through the creating session, so when the pool retired
 * Flyway's connection every hold failed ("Check constraint invalid", answered 503): on a freshly started local
 * stack, ~26 minutes in, every booking was refused (h2database#4302, fixed in 2.5; the root pom pins H2).
 */
class HoldsOnFreshConnectionsTest extends IntegrationTest {

    @Autowired
    DataSource dataSource;

    @Autowired
    ScheduleService schedules;

    @Test
    void placesAreHeldAndReleasedAfterThePoolHasClosedEveryConnectionItHad() throws Exception {
        HikariDataSource pool = dataSource.unwrap(HikariDataSource.class);
        long scheduleId = freshId();
        schedules.register(scheduleId, 10, null, null, null, null);

        pool.getHikariPoolMXBean().softEvictConnections();

        String holdId = UUID.randomUUID().toString();
        assertThat(schedules.hold(scheduleId, holdId, 7, 3).availableCount()).isEqualTo(7);
        assertThat(schedules.release(holdId, scheduleId, 7, 3)).isEqualTo(ReleaseOutcome.RELEASED);
        assertThat(schedules.get(scheduleId).availableCount()).isEqualTo(10);
    }
}
