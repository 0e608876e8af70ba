package healthcheck.platform;

import static org.assertj.core.api.Assertions.assertThat;

import healthcheck.platform.housekeeping.EmbeddedStoreCompaction;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded database keeps every commit it acknowledged through a SIGKILL of its process, as the services use it
 * (file mode, {@code WRITE_DELAY=0}, several pooled connections committing at once): the guarantee that a booking
 * answered 201 is still there after {@code kill -9}. H2 2.5.252 broke it: under concurrent commits it acknowledged
 * some it had not written where a restart finds them; here 6-8 of 15 kills lost up to 77 (the end-to-end SIGKILL
 * drills caught it as bookings answered 201 that came back PENDING or missing). 2.3.232 and 2.4.240 lost none in
 * 20 kills; the root pom pins H2.
 * <p>
 * A child JVM plays reservation's two transactions per booking (insert PENDING; then RESERVED plus its outbox row)
 * from eight connections and prints each booking once the second commit returned, while {@link EmbeddedStoreCompaction}
 * rewrites old chunks; the test kills it at a random moment and reopens the files.
 */
class EmbeddedDatabaseSigkillTest {

    /** The options of the services' file URLs (their application.yml); the path is the test's. */
    private static final String SERVICE_URL_OPTIONS = ";AUTO_SERVER=FALSE;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
    /**
     * H2 reuses a chunk's space once it is this old (45 s by default, which the services keep). The losses came with
     * that reuse, so the test shortens it to 1 s: every kill of a one-minute test meets the state a service reaches
     * after its first 45 s. (With the default, 2.5.252 lost commits only from about the tenth kill on.)
     */
    private static final String SPACE_REUSED_AFTER_ONE_SECOND = ";RETENTION_TIME=1000";
    private static final int KILLS = 15;
    private static final int WRITERS = 8;
    private static final long COMPACTION_PAUSE_NANOS = 50_000_000;

    @TempDir
    Path dataDir;

    @Test
    void everyCommitAcknowledgedBeforeASigkillIsStillThereAfterIt() throws Exception {
        String url = "jdbc:h2:file:" + dataDir.resolve("bookings") + SERVICE_URL_OPTIONS
                + SPACE_REUSED_AFTER_ONE_SECOND;
        List<String> losses = new ArrayList<>();
        long acknowledged = 0;
        for (int kill = 1; kill <= KILLS; kill++) {
            Set<Long> acked = bookUntilKilled(url, kill * 1_000_000_000L,
                    1_000 + ThreadLocalRandom.current().nextInt(2_000));
            acknowledged += acked.size();
            Set<Long> missing = new HashSet<>(acked);
            missing.removeAll(reserved(url));
            if (!missing.isEmpty()) {
                losses.add("kill %d lost %d of %d acknowledged, e.g. %d".formatted(
                        kill, missing.size(), acked.size(), missing.iterator().next()));
            }
        }
        System.out.printf("%d commits acknowledged over %d SIGKILLs%n", acknowledged, KILLS);
        assertThat(acknowledged).as("bookings acknowledged before the kills").isGreaterThan(KILLS * 100L);
        assertThat(losses).as("acknowledged bookings missing after a SIGKILL").isEmpty();
    }

    private static Set<Long> bookUntilKilled(String url, long firstId, long runMillis) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        // the services' heap and collector (bin/stack)
        Process writer = new ProcessBuilder(java, "-Xmx384m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"),
                BookingWriter.class.getName(), url, Long.toString(firstId))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        Set<Long> acked = ConcurrentHashMap.newKeySet();
        CountDownLatch firstAck = new CountDownLatch(1);
        Thread reader = Thread.ofPlatform().start(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(writer.getInputStream(), StandardCharsets.US_ASCII))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    acked.add(Long.parseLong(line));
                    firstAck.countDown();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            assertThat(firstAck.await(30, TimeUnit.SECONDS)).as("the writer acknowledged a booking").isTrue();
            Thread.sleep(runMillis);
            assertThat(writer.isAlive()).as("the writer was still booking when killed").isTrue();
        } finally {
            // SIGKILL through the handle: Process.destroyForcibly would also close the pipe and drop the last lines
            writer.toHandle().destroyForcibly();
            writer.waitFor();
        }
        reader.join(); // every line written before the kill is in the pipe
        return acked;
    }

    private static Set<Long> reserved(String url) throws SQLException {
        Set<Long> ids = new HashSet<>();
        try (Connection connection = DriverManager.getConnection(url);
                ResultSet rows = connection.createStatement().executeQuery(
                        "select id from booking where status = 'RESERVED'")) {
            while (rows.next()) {
                ids.add(rows.getLong(1));
            }
        }
        return ids;
    }

    /** The child process: books from {@link #WRITERS} connections until it is killed; prints each acknowledged id. */
    static final class BookingWriter {

        public static void main(String[] args) throws Exception {
            String url = args[0];
            AtomicLong nextId = new AtomicLong(Long.parseLong(args[1]));
            try (Connection connection = DriverManager.getConnection(url);
                    Statement ddl = connection.createStatement()) {
                ddl.execute("create table if not exists booking(id bigint primary key,"
                        + " status varchar(10) not null, customer varchar(300) not null)");
                ddl.execute("create table if not exists booking_event(booking_id bigint primary key,"
                        + " payload varchar(600) not null)");
            }
            // the services' housekeeping runs too, far more often, so that kills also land in its rewrites
            JdbcDataSource dataSource = new JdbcDataSource();
            dataSource.setURL(url);
            EmbeddedStoreCompaction compaction = new EmbeddedStoreCompaction(dataSource, 50, 1 << 20);
            Thread.ofPlatform().daemon().start(() -> {
                while (true) {
                    compaction.compact();
                    LockSupport.parkNanos(COMPACTION_PAUSE_NANOS);
                }
            });
            PrintStream out = new PrintStream(System.out, false, StandardCharsets.US_ASCII);
            String customer = "c".repeat(300);
            String payload = "p".repeat(600);
            BlockingQueue<Long> sent = new LinkedBlockingQueue<>();
            for (int i = 0; i < WRITERS; i++) {
                Connection connection = DriverManager.getConnection(url);
                connection.setAutoCommit(false);
                Thread.ofPlatform().start(() -> {
                    try (PreparedStatement pending = connection.prepareStatement(
                                    "insert into booking values (?, 'PENDING', ?)");
                            PreparedStatement reserved = connection.prepareStatement(
                                    "update booking set status = 'RESERVED' where id = ?");
                            PreparedStatement event = connection.prepareStatement(
                                    "insert into booking_event values (?, ?)")) {
                        while (true) {
                            long id = nextId.getAndIncrement();
                            pending.setLong(1, id);
                            pending.setString(2, customer);
                            pending.executeUpdate();
                            connection.commit();
                            reserved.setLong(1, id);
                            reserved.executeUpdate();
                            event.setLong(1, id);
                            event.setString(2, payload);
                            event.executeUpdate();
                            connection.commit();
                            synchronized (out) {
                                out.println(id);
                                out.flush();
                            }
                            sent.add(id);
                        }
                    } catch (SQLException e) {
                        e.printStackTrace();
                        System.exit(3);
                    }
                });
            }
            // the relay: completes (deletes) each event once its booking was acknowledged, as the outbox does
            try (Connection connection = DriverManager.getConnection(url);
                    PreparedStatement completed = connection.prepareStatement(
                            "delete from booking_event where booking_id = ?")) {
                while (true) {
                    completed.setLong(1, sent.take());
                    completed.executeUpdate();
                }
            }
        }
    }
}
