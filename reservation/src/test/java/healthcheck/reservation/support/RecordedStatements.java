package healthcheck.reservation.support;

import java.util.ArrayList;
import java.util.List;
import org.hibernate.resource.jdbc.spi.StatementInspector;

/**
 * The SQL Hibernate sends while a test's own thread does some work: what a booking costs the database, statement by
 * statement. Registered for every test context by application-test.yml; it records nothing outside {@link #during}.
 */
public class RecordedStatements implements StatementInspector {

    private static final ThreadLocal<List<String>> RECORDING = new ThreadLocal<>();

    @Override
    public String inspect(String sql) {
        List<String> recording = RECORDING.get();
        if (recording != null) {
            recording.add(sql);
        }
        return sql;
    }

    /** The statements {@code work} sent from this thread, in order. */
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
}
