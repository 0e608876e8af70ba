package healthcheck.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The PostgreSQL the tests run on: the server libpq's usual variables point at (PGHOST, PGPORT, PGUSER,
 * PGPASSWORD; 127.0.0.1:5432 as postgres by default), database healthcheck_test (HEALTHCHECK_TEST_DATABASE),
 * which is created on first use. Each test context gets a schema of its own, so contexts never see each other's
 * rows, as with the per-context in-memory databases of the default run.
 */
public final class PostgresTestDatabase {

    /** The switch: -Dhealthcheck.test.database=postgres runs a module's Spring Boot tests on PostgreSQL. */
    public static final String MODE_PROPERTY = "healthcheck.test.database";

    private static final String CI_VARIABLE = "HEALTHCHECK_CI";

    private final String host = setting("PGHOST", "127.0.0.1");
    private final String port = setting("PGPORT", "5432");
    private final String user = setting("PGUSER", "postgres");
    private final String password = setting("PGPASSWORD", "");
    private final String database = setting("HEALTHCHECK_TEST_DATABASE", "healthcheck_test");

    static boolean requested() {
        return "postgres".equalsIgnoreCase(System.getProperty(MODE_PROPERTY, ""));
    }

    /** In CI a PostgreSQL run that cannot reach its server fails instead of skipping. */
    static boolean required() {
        return "true".equalsIgnoreCase(System.getenv(CI_VARIABLE));
    }

    String describe() {
        return user + "@" + host + ":" + port + "/" + database;
    }

    /** Whether the server answers, checked once against the always-present postgres database. */
    boolean reachable() {
        try (Connection ignored = connect("postgres")) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /** A new, empty schema in the test database; the database is created first if it is missing. */
    String createSchema() {
        ensureDatabase();
        String schema = "t_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        execute(database, "CREATE SCHEMA " + schema);
        return schema;
    }

    void dropSchema(String schema) {
        execute(database, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }

    /** The Spring properties that put a context on the given schema, whatever its test profile says. */
    Map<String, Object> springProperties(String schema) {
        return Map.of(
                "spring.datasource.url", "jdbc:postgresql://" + host + ":" + port + "/" + database,
                "spring.datasource.username", user,
                "spring.datasource.password", password,
                "spring.datasource.driver-class-name", "org.postgresql.Driver",
                "spring.datasource.hikari.schema", schema,
                // cached contexts keep their pools open; idle connections of many contexts would exhaust the server
                "spring.datasource.hikari.minimum-idle", 1,
                "spring.flyway.schemas", schema,
                "spring.flyway.default-schema", schema);
    }

    private void ensureDatabase() {
        synchronized (PostgresTestDatabase.class) {
            try (Connection connection = connect("postgres"); Statement statement = connection.createStatement()) {
                var exists = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'");
                if (!exists.next()) {
                    statement.execute("CREATE DATABASE " + database);
                }
            } catch (SQLException e) {
                // two modules' test JVMs racing to create it: the loser finds it there
                if (!"42P04".equals(e.getSQLState())) {
                    throw new IllegalStateException("cannot create test database " + describe(), e);
                }
            }
        }
    }

    private void execute(String databaseName, String sql) {
        try (Connection connection = connect(databaseName); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed on " + describe(), e);
        }
    }

    private Connection connect(String databaseName) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/" + databaseName
                + "?connectTimeout=3", user, password);
    }

    private static String setting(String variable, String fallback) {
        String value = System.getenv(variable);
        return value == null || value.isBlank() ? fallback : value;
    }
}
