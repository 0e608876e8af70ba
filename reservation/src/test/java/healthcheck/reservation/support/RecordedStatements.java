package healthcheck.reservation.support;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The SQL a test's own thread prepares while it does some work: what a booking costs the database, statement by
 * statement, whoever sends it (repositories, the outbox, plain JdbcTemplate). Imported by the tests that count; it
 * wraps the context's DataSource so every connection reports the statements it prepares, and records nothing outside
 * {@link #during}.
 */
public class RecordedStatements implements BeanPostProcessor {

    private static final ThreadLocal<List<String>> RECORDING = new ThreadLocal<>();

    /** The statements {@code work} prepared on this thread, in order. */
    public static List<String> during(Runnable work) {
        List<String> recorded = new ArrayList<>();
        RECORDING.set(recorded);
        try {
            work.run();
        } finally {
            RECORDING.remove();
        }
        return recorded;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        return bean instanceof DataSource dataSource && !(bean instanceof Recording) ? new Recording(dataSource) : bean;
    }

    private static final class Recording extends DelegatingDataSource {

        Recording(DataSource target) {
            super(target);
        }

        @Override
        public Connection getConnection() throws SQLException {
            return recording(super.getConnection());
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return recording(super.getConnection(username, password));
        }

        private static Connection recording(Connection connection) {
            return (Connection) Proxy.newProxyInstance(RecordedStatements.class.getClassLoader(),
                    new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                        List<String> recording = RECORDING.get();
                        if (recording != null && method.getName().startsWith("prepare") && args != null
                                && args.length > 0 && args[0] instanceof String sql) {
                            recording.add(sql);
                        }
                        try {
                            return method.invoke(connection, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }
    }
}
