package healthcheck.platform.housekeeping;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps an embedded HSQLDB file database's rows on disk rather than all in the heap.
 * <p>
 * HSQLDB creates MEMORY tables unless told otherwise: every row of every table lives in the JVM's heap for as long as
 * the database is open, and the whole database is read into it again at each start. A service's tables grow with
 * every booking (delivery keeps each mailing and its steps), so with a bounded heap the service eventually spends
 * its time collecting garbage and fails with {@code OutOfMemoryError}: delivery did after ~330,000 bookings with
 * 384 MB of heap, its consumers stalled and the stack's pace fell to a few bookings a second. CACHED tables keep
 * their rows in the database's {@code .data} file with a bounded cache of them in the heap.
 * <p>
 * Runs after every Flyway migrate (each start): makes CACHED the database's default for tables created later,
 * and turns every table still MEMORY into CACHED (a database made before this existed; the conversion copies the
 * rows once). Nothing for other databases, and nothing an in-memory HSQLDB database can do (its tables stay in
 * memory whatever they are called). A Flyway callback rather than a migration because the same migrations run on
 * H2 and PostgreSQL, where these statements do not exist.
 */
public class HsqldbTablesOnDisk implements Callback {

    private static final Logger log = LoggerFactory.getLogger(HsqldbTablesOnDisk.class);
    private static final String HSQLDB = "HSQL Database Engine";

    @Override
    public boolean supports(Event event, Context context) {
        return event == Event.AFTER_MIGRATE;
    }

    @Override
    public boolean canHandleInTransaction(Event event, Context context) {
        // HSQLDB commits each table-type change itself
        return false;
    }

    @Override
    public void handle(Event event, Context context) {
        Connection connection = context.getConnection();
        try {
            if (!HSQLDB.equals(connection.getMetaData().getDatabaseProductName())) {
                return;
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET DATABASE DEFAULT TABLE TYPE CACHED");
                List<String> inMemory = tablesHeldInMemory(connection);
                for (String table : inMemory) {
                    log.info("Moving the rows of table {} from the heap to the database file (once)", table);
                    statement.execute("SET TABLE " + table + " TYPE CACHED");
                }
                if (!inMemory.isEmpty()) {
                    // until a checkpoint the .script file still lists every row it held, and a start after a crash
                    // would read them all into the heap again before replaying the move from the .log
                    statement.execute("CHECKPOINT");
                }
            }
        } catch (SQLException e) {
            throw new FlywayException("Could not keep the HSQLDB tables on disk: " + e.getMessage(), e);
        }
    }

    /**
     * The tables of the connection's schemas whose rows live in the heap, as quoted names. A database kept only in
     * memory ({@code jdbc:hsqldb:mem:}) reports its tables as MEMORY and also leaves them so when asked for CACHED.
     */
    private static List<String> tablesHeldInMemory(Connection connection) throws SQLException {
        List<String> tables = new ArrayList<>();
        if (connection.getMetaData().getURL().startsWith("jdbc:hsqldb:mem:")) {
            return tables;
        }
        try (Statement query = connection.createStatement();
             ResultSet rows = query.executeQuery("SELECT TABLE_SCHEM, TABLE_NAME FROM INFORMATION_SCHEMA.SYSTEM_TABLES"
                     + " WHERE HSQLDB_TYPE = 'MEMORY' AND TABLE_TYPE = 'TABLE'"
                     + " AND TABLE_SCHEM NOT IN ('INFORMATION_SCHEMA', 'SYSTEM_LOBS')")) {
            while (rows.next()) {
                tables.add(quoted(rows.getString(1)) + "." + quoted(rows.getString(2)));
            }
        }
        return tables;
    }

    private static String quoted(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    @Override
    public String getCallbackName() {
        return "hsqldb-tables-on-disk";
    }
}
