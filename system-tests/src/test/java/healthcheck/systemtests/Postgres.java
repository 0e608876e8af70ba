package healthcheck.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.opentest4j.TestAbortedException;

/**
 * The PostgreSQL server the stack's PostgreSQL round keeps its books in: the machine's own (Debian's cluster,
 * which .ci/run starts), restarted for a drill with Debian's cluster tools, as root or through sudo.
 */
final class Postgres {

    private Postgres() {
    }

    /** Whether this round runs the stack on PostgreSQL. */
    static boolean isThisRound() {
        return System.getProperty("e2e.stack.options", "").contains("--postgres");
    }

    /** Whether this round runs on PostgreSQL, on this machine's server (the only one a drill may restart). */
    static boolean isTheStacksDatabase() {
        String host = System.getenv().getOrDefault("PGHOST", "127.0.0.1");
        return isThisRound() && (host.equals("127.0.0.1") || host.equals("localhost"));
    }

    /** Restarts the server (fast shutdown: every connection is cut) and returns once it accepts connections. */
    static void restart() {
        String version = cluster();
        long started = System.nanoTime();
        run(List.of("pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"));
        run(List.of("pg_isready", "-q", "-t", "30", "-h", "127.0.0.1",
                "-p", System.getenv().getOrDefault("PGPORT", "5432")));
        System.out.printf("PostgreSQL %s restarted in %d ms%n", version, (System.nanoTime() - started) / 1_000_000);
    }

    private static String cluster() {
        Path clusters = Path.of("/etc/postgresql");
        try (Stream<Path> versions = Files.list(clusters)) {
            return versions.map(p -> p.getFileName().toString()).sorted().findFirst()
                    .orElseThrow(() -> unavailable("no cluster under " + clusters));
        } catch (IOException e) {
            throw unavailable("no Debian PostgreSQL cluster here (" + clusters + ")");
        }
    }

    private static void run(List<String> command) {
        List<String> asRoot = new ArrayList<>();
        if (!"root".equals(System.getProperty("user.name"))) {
            asRoot.addAll(List.of("sudo", "-n"));
        }
        asRoot.addAll(command);
        try {
            Commands.run(Duration.ofSeconds(60), asRoot).succeeded();
        } catch (UncheckedIOException e) {
            throw unavailable(command.getFirst() + " cannot run here: " + e.getCause().getMessage());
        }
    }

    /** Skipped where the server cannot be restarted; in CI (HEALTHCHECK_CI) nothing may be skipped, so it fails. */
    private static RuntimeException unavailable(String why) {
        if ("true".equalsIgnoreCase(System.getenv("HEALTHCHECK_CI"))) {
            return new IllegalStateException("cannot restart PostgreSQL for the drill: " + why);
        }
        return new TestAbortedException("cannot restart PostgreSQL for the drill: " + why);
    }
}
