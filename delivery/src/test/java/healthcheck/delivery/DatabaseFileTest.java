package healthcheck.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import healthcheck.platform.housekeeping.HsqldbTablesOnDisk;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The local stack keeps delivery in an HSQLDB file (HEALTHCHECK_DATA_DIR). Its rows must live in that file, not in
 * the heap: with HSQLDB's default MEMORY tables delivery ran out of its 384 MB heap after ~330,000 bookings.
 */
@DeliveryIntegrationTest
class DatabaseFileTest {

    @Autowired
    Flyway flyway;

    @Test
    void theServiceRunsTheCallbackThatKeepsHsqldbRowsOnDiskWithItsMigrations() {
        assertThat(flyway.getConfiguration().getCallbacks()).hasAtLeastOneElementOfType(HsqldbTablesOnDisk.class);
    }

    @Test
    void aDatabaseFileMadeWithTablesInTheHeapHasThemMovedToDiskWithTheirRowsAtTheNextStart(@TempDir Path dir)
            throws SQLException, IOException {
        String url = "jdbc:hsqldb:file:" + dir.resolve("delivery") + ";hsqldb.tx=mvcc";
        migrate(url, false);
        try (Connection connection = DriverManager.getConnection(url, "sa", "")) {
            connection.createStatement().execute("INSERT INTO delivery (reservation_id, status, last_sequence,"
                    + " created_at, updated_at, version) VALUES (41, 'REQUESTED', 1, NOW(), NOW(), 0)");
            assertThat(tableTypes(connection)).containsEntry("DELIVERY", "MEMORY");
            shutdown(connection);
        }

        migrate(url, true);

        // checkpointed: a start after a crash would otherwise read every moved row from the .script again
        assertThat(Files.readAllLines(dir.resolve("delivery.script")))
                .noneMatch(line -> line.startsWith("INSERT INTO DELIVERY "));
        try (Connection connection = DriverManager.getConnection(url, "sa", "")) {
            Map<String, String> types = tableTypes(connection);
            assertThat(types).containsKeys("DELIVERY", "DELIVERY_STEP", "EVENT_PUBLICATION", "PROCESSED_EVENT",
                    "flyway_schema_history");
            assertThat(types.values()).containsOnly("CACHED");
            try (Statement statement = connection.createStatement();
                 ResultSet kept = statement.executeQuery("SELECT reservation_id FROM delivery")) {
                assertThat(kept.next()).isTrue();
                assertThat(kept.getLong(1)).isEqualTo(41);
            }
            connection.createStatement().execute("CREATE TABLE made_later (id BIGINT PRIMARY KEY)");
            assertThat(tableTypes(connection)).containsEntry("MADE_LATER", "CACHED");
            shutdown(connection);
        }
    }

    private static void migrate(String url, boolean withCallback) {
        var configuration = Flyway.configure().dataSource(url, "sa", "")
                .locations("classpath:db/platform", "classpath:db/migration");
        if (withCallback) {
            configuration.callbacks(new HsqldbTablesOnDisk());
        }
        configuration.load().migrate();
    }

    private static Map<String, String> tableTypes(Connection connection) throws SQLException {
        Map<String, String> types = new TreeMap<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT TABLE_NAME, HSQLDB_TYPE FROM"
                     + " INFORMATION_SCHEMA.SYSTEM_TABLES WHERE TABLE_SCHEM = 'PUBLIC' AND TABLE_TYPE = 'TABLE'")) {
            while (rows.next()) {
                types.put(rows.getString(1), rows.getString(2));
            }
        }
        return types;
    }

    /** Closes the database files, so the next connection opens them again as a restarted service would. */
    private static void shutdown(Connection connection) throws SQLException {
        connection.createStatement().execute("SHUTDOWN");
    }
}
