package healthcheck.schedule.persistence;

import healthcheck.schedule.domain.HoldRepository;
import healthcheck.schedule.domain.HoldTaker;
import healthcheck.schedule.domain.ScheduleRepository;
import java.sql.DatabaseMetaData;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;
import org.springframework.transaction.PlatformTransactionManager;

/** The take that suits the database the service runs on (Flyway has connected to it already at this point). */
@Configuration(proxyBeanMethods = false)
class HoldTakerConfiguration {

    @Bean
    HoldTaker holdTaker(DataSource dataSource, JdbcTemplate jdbc, ScheduleRepository schedules, HoldRepository holds,
                        PlatformTransactionManager transactionManager) {
        return "PostgreSQL".equals(databaseProduct(dataSource))
                ? new PostgresHoldTaker(jdbc)
                : new TransactionalHoldTaker(schedules, holds, transactionManager);
    }

    private static String databaseProduct(DataSource dataSource) {
        try {
            return JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName);
        } catch (MetaDataAccessException e) {
            throw new IllegalStateException("cannot tell which database schedule runs on", e);
        }
    }
}
