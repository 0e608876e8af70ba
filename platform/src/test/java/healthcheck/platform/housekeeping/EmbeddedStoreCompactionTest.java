package healthcheck.platform.housekeeping;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Random;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedStoreCompactionTest {

    private static final int BOOKINGS = 6_000;
    private static final int COMPACTION_EVERY = 100;

    @TempDir
    Path dataDir;

    /**
     * Without the compaction this file takes ~3.7 KB a booking and keeps growing linearly (22 MB here): each commit
     * writes a chunk, and a chunk still holding one live page is never reused. With it, ~0.45 KB. H2's retention
     * time is 0 here so that every chunk counts as old at once; the services keep H2's 45 s, which adds that much
     * recent writing to the bound.
     */
    @Test
    void an_open_database_file_stays_bounded_while_bookings_are_committed_one_by_one() throws Exception {
        JdbcDataSource dataSource = fileDatabase(";RETENTION_TIME=0");
        EmbeddedStoreCompaction compaction = new EmbeddedStoreCompaction(dataSource, 50, 1 << 20);

        try (Connection connection = dataSource.getConnection()) {
            book(connection, compaction::compact);
            long bytesPerBooking = Files.size(dataDir.resolve("bookings.mv.db")) / BOOKINGS;
            assertThat(bytesPerBooking).as("file bytes per booking").isLessThan(1_200);
        }
    }

    @Test
    void in_memory_databases_are_left_alone() throws SQLException {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:compaction-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");

        assertThat(new EmbeddedStoreCompaction(dataSource, 50, 1 << 20).embeddedStore()).isNull();
    }

    @Test
    void a_store_closed_and_opened_again_is_found_again() throws Exception {
        JdbcDataSource dataSource = fileDatabase("");
        EmbeddedStoreCompaction compaction = new EmbeddedStoreCompaction(dataSource, 50, 1 << 20);
        try (Connection first = dataSource.getConnection()) {
            assertThat(compaction.embeddedStore()).isNotNull();
            first.createStatement().execute("shutdown");
        }
        try (Connection second = dataSource.getConnection()) {
            assertThat(compaction.embeddedStore()).isNotNull()
                    .satisfies(store -> assertThat(store.isClosed()).as("the store found").isFalse());
        }
    }

    private JdbcDataSource fileDatabase(String extraOptions) {
        JdbcDataSource dataSource = new JdbcDataSource();
        // the services' options (their application.yml)
        dataSource.setURL("jdbc:h2:file:" + dataDir.resolve("bookings")
                + ";AUTO_SERVER=FALSE;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0" + extraOptions);
        return dataSource;
    }

    /** Bookings' writes much as the services make them, each statement its own commit, with seeded keys. */
    private static void book(Connection connection, Runnable compaction) throws SQLException {
        try (Statement ddl = connection.createStatement()) {
            ddl.execute("create table booking(id bigint primary key, customer varchar(40), status varchar(10))");
            ddl.execute("create index booking_customer on booking(customer)");
            ddl.execute("create table processed_event(id uuid primary key, processed_at timestamp)");
            ddl.execute("create table outbox(id uuid primary key, payload varchar(600))");
        }
        Random random = new Random(7);
        String payload = "p".repeat(500);
        try (PreparedStatement pending = connection.prepareStatement("insert into booking values (?, ?, 'PENDING')");
                PreparedStatement reserved = connection.prepareStatement(
                        "update booking set status = 'RESERVED' where id = ?");
                PreparedStatement processed = connection.prepareStatement(
                        "insert into processed_event values (?, current_timestamp)");
                PreparedStatement published = connection.prepareStatement("insert into outbox values (?, ?)");
                PreparedStatement completed = connection.prepareStatement("delete from outbox where id = ?")) {
            for (long id = 1; id <= BOOKINGS; id++) {
                pending.setLong(1, id);
                pending.setString(2, "customer-" + random.nextInt(5_000));
                pending.executeUpdate();
                reserved.setLong(1, id);
                reserved.executeUpdate();
                processed.setObject(1, new UUID(random.nextLong(), random.nextLong()));
                processed.executeUpdate();
                UUID event = new UUID(random.nextLong(), random.nextLong());
                published.setObject(1, event);
                published.setString(2, payload);
                published.executeUpdate();
                completed.setObject(1, event);
                completed.executeUpdate();
                if (id % COMPACTION_EVERY == 0) {
                    compaction.run();
                }
            }
        }
    }
}
