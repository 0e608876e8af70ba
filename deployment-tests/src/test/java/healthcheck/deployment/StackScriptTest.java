package healthcheck.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/stack's own process handling and JDK detection, without a stack: a stand-in "service" is a {@code sleep}
 * whose parent never reaps it, as when the machine's init reaps orphans late (seen here: 2-7 s after a JVM had
 * exited).
 */
class StackScriptTest {

    private static final Path STACK = ServiceConfig.ROOT.resolve("bin/stack");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path stackDir;

    private Process standIn;

    @BeforeAll
    static void linuxWithBash() {
        if (!Files.isReadable(Path.of("/proc/self/stat"))) {
            AbsentToolPolicy.skipOrFail("no /proc here: a zombie cannot be told apart without it");
        }
        if (!HostCommand.run(List.of("bash", "-c", "exit 0"), Map.of(), TIMEOUT).succeeded()) {
            AbsentToolPolicy.skipOrFail("bash is not installed; bin/stack is a bash script");
        }
    }

    @AfterEach
    void reapTheStandIn() {
        if (standIn != null) {
            standIn.destroyForcibly();
        }
    }

    @Test
    void aStoppedServiceCountsAsStoppedOnceItHasExitedEvenIfNobodyHasReapedIt() throws Exception {
        long service = serviceWhoseParentNeverReapsIt("reservation");

        HostCommand.Result stop = stack(Map.of("STOP_WAIT", "5"), "stop", "reservation");

        assertThat(stop.succeeded()).as(stop.describe()).isTrue();
        assertThat(stateOf(service)).as("the stand-in is a zombie, still answering kill -0").isEqualTo("Z");
        assertThat(stop.stderr()).contains("■ reservation stopped").doesNotContain("did not stop");
        assertThat(stackDir.resolve("pids/reservation.pid")).doesNotExist();
    }

    @Test
    void aKilledServiceCountsAsGoneOnceItHasExitedEvenIfNobodyHasReapedIt() throws Exception {
        long service = serviceWhoseParentNeverReapsIt("schedule");

        HostCommand.Result kill = stack(Map.of(), "kill", "schedule");

        assertThat(kill.succeeded()).as(kill.describe()).isTrue();
        assertThat(stateOf(service)).isEqualTo("Z");
        assertThat(kill.stderr()).contains("✗ schedule killed (SIGKILL)");
    }

    /**
     * The race seen in a rollout: {@code kill -0} still found the stopped JVM, init reaped it before its state was
     * read, and the empty answer was taken for "alive", so bin/stack said the JVM "did not stop in 40s" 8 s after
     * SIGTERM and sent SIGKILL to a pid that was free. Here {@code kill} always succeeds and the pid does not exist.
     */
    @Test
    void aProcessThatVanishesBetweenTheTwoLooksCountsAsGone() {
        HostCommand.Result alive = HostCommand.run(List.of("bash", "-c", "source bin/stack status > /dev/null 2>&1; "
                + "kill() { return 0; }; if alive 2147483646; then echo alive; else echo gone; fi"),
                Map.of("HEALTHCHECK_STACK_DIR", stackDir.toString()), TIMEOUT);

        assertThat(alive.stdout().strip()).as(alive.describe()).isEqualTo("gone");
    }

    /**
     * After a SIGKILL a JVM's main thread shows Z while its other threads still tear down and hold its listening
     * socket: in CI a killed Kafka's port was still taken when bin/stack started it again 0.5 s later. Here the
     * process table is faked: the same zombie main thread, once with 37 threads left and once with itself alone.
     */
    @Test
    void aZombieMainThreadWhoseOtherThreadsStillRunIsAliveUntilItIsTheLastOne() {
        String probe = "source bin/stack status > /dev/null 2>&1; kill() { return 0; }; "
                + "proc_stat() { echo \"4242 (java) Z 1 4242 4242 0 -1 4227084 0 0 0 0 500 90 0 0 20 0 $THREADS 0 1\"; }; "
                + "if alive 4242; then echo alive; else echo gone; fi";

        HostCommand.Result tearingDown = HostCommand.run(List.of("bash", "-c", probe),
                Map.of("HEALTHCHECK_STACK_DIR", stackDir.toString(), "THREADS", "37"), TIMEOUT);
        HostCommand.Result exited = HostCommand.run(List.of("bash", "-c", probe),
                Map.of("HEALTHCHECK_STACK_DIR", stackDir.toString(), "THREADS", "1"), TIMEOUT);

        assertThat(tearingDown.stdout().strip()).as(tearingDown.describe()).isEqualTo("alive");
        assertThat(exited.stdout().strip()).as(exited.describe()).isEqualTo("gone");
    }

    /**
     * While a service starts, bin/stack looks at it every 0.1 s. Each look was a curl and the shell's forks around
     * it, ~90 ms of CPU that a JVM starting on two cores went without; now a look at a port nobody listens on yet is
     * a connect from the shell itself, and readiness is asked over HTTP once the port listens.
     */
    @Test
    void waitingForAServiceAsksOverHttpOnlyOnceItsPortListens(@TempDir Path bin) throws Exception {
        serviceWhoseParentNeverReapsIt("reservation");
        Path calls = bin.resolve("curl-calls");
        Path curl = bin.resolve("curl");
        Files.writeString(curl, "#!/bin/sh\necho \"$*\" >> '" + calls + "'\nprintf '{\"status\":\"UP\"}\\n200'\n");
        Files.setPosixFilePermissions(curl, PosixFilePermissions.fromString("rwxr-xr-x"));
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Map<String, String> env = Map.of("HEALTHCHECK_STACK_DIR", stackDir.toString(), "STACK_READY_TIMEOUT", "2",
                "RESERVATION_PORT", String.valueOf(port), "PATH", bin + ":" + System.getenv("PATH"));
        List<String> awaitReservation = List.of("bash", "-c",
                "source bin/stack status > /dev/null 2>&1; await_ready reservation");

        HostCommand.Result starting = HostCommand.run(awaitReservation, env, TIMEOUT);

        assertThat(starting.succeeded()).as(starting.describe()).isFalse();
        assertThat(starting.stderr()).contains("reservation not ready after 2s");
        assertThat(calls).as("curl while the port was closed").doesNotExist();

        try (ServerSocket listening = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
            HostCommand.Result started = HostCommand.run(awaitReservation, env, TIMEOUT);

            assertThat(started.succeeded()).as(started.describe()).isTrue();
            assertThat(started.stderr()).contains("✓ reservation ready on port " + port);
            assertThat(calls).content().contains("http://127.0.0.1:" + port + "/actuator/health/readiness");
        }
    }

    @Test
    void aStartingJvmsOptimisingCompilerWaitsAtALowerPriorityUntilItIsReadyAndRunsAtNormalPriorityAfter(
            @TempDir Path bin) throws Exception {
        if (!"root".equals(System.getProperty("user.name"))) {
            AbsentToolPolicy.skipOrFail("bin/stack holds C2 back only as root, who may raise its priority again");
        }
        // a real JVM, for its C2 compiler thread; it serves a directory on a port of its own, not the one looked at
        standIn = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-m", "jdk.httpserver", "-b", "127.0.0.1", "-p", "0", "-d", bin.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long pid = standIn.pid();
        Files.createDirectories(stackDir.resolve("pids"));
        Files.writeString(stackDir.resolve("pids/reservation.pid"), pid + "\n");
        assertThat(c2NiceOf(pid)).as("the stand-in's C2 thread before the wait").isEqualTo(0);
        // the stand-in curl notes C2's nice value at the moment bin/stack asks whether the service is ready
        Path niceWhenAsked = bin.resolve("nice-when-asked");
        Path curl = bin.resolve("curl");
        Files.writeString(curl, "#!/bin/sh\nfor t in /proc/" + pid + "/task/*; do\n"
                + "  case \"$(cat \"$t/comm\")\" in \"C2 CompilerThre\"*) sed 's/^.*) //' \"$t/stat\" | cut -d' ' -f17 >> '"
                + niceWhenAsked + "';; esac\ndone\nprintf '{\"status\":\"UP\"}\\n200'\n");
        Files.setPosixFilePermissions(curl, PosixFilePermissions.fromString("rwxr-xr-x"));

        try (ServerSocket listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            // status, run to source the script, asks too: only the wait's looks count
            HostCommand.Result started = HostCommand.run(List.of("bash", "-c",
                    "source bin/stack status > /dev/null 2>&1; rm -f \"$1\"; await_ready reservation", "stack",
                    niceWhenAsked.toString()),
                    Map.of("HEALTHCHECK_STACK_DIR", stackDir.toString(), "STACK_READY_TIMEOUT", "5",
                            "RESERVATION_PORT", String.valueOf(listening.getLocalPort()),
                            "PATH", bin + ":" + System.getenv("PATH")),
                    List.of("STACK_HOLD_C2", "STACK_JIT"), TIMEOUT);

            assertThat(started.succeeded()).as(started.describe()).isTrue();
        }
        assertThat(niceWhenAsked).as("C2's nice value while the service started").content().isEqualToIgnoringWhitespace("15");
        assertThat(c2NiceOf(pid)).as("C2's nice value once it was ready").isEqualTo(0);
    }

    /** The nice value of the JVM's C2 compiler thread, once the JVM has created it. */
    private static int c2NiceOf(long pid) throws IOException, InterruptedException {
        for (int attempt = 0; attempt < 100; attempt++) {
            try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
                for (Path task : tasks.toList()) {
                    if (Files.readString(task.resolve("comm")).startsWith("C2 CompilerThre")) {
                        String stat = Files.readString(task.resolve("stat"));
                        // after the command in parentheses: state is field 3 of proc(5)'s list, nice field 19
                        return Integer.parseInt(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[19 - 3]);
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("JVM " + pid + " has no C2 compiler thread");
    }

    /**
     * Spring Boot dates the jar it repackages with the root pom's fixed outputTimestamp (reproducible jars), so
     * after {@code ./mvnw verify} every jar looked older than its sources and bin/stack built all six again.
     */
    @Test
    void aJarMavenHasJustBuiltIsNotRebuiltThoughItIsDatedWithTheFixedOutputTimestamp(@TempDir Path root)
            throws IOException {
        Instant now = Instant.now();
        Path source = Files.createDirectories(root.resolve("schedule/src/main/java")).resolve("Schedule.java");
        Files.writeString(source, "class Schedule {}\n");
        Files.setLastModifiedTime(source, FileTime.from(now.minus(Duration.ofHours(1))));
        Path jar = Files.createDirectories(root.resolve("schedule/target")).resolve("schedule.jar");
        Files.writeString(jar, "repackaged");
        Files.setLastModifiedTime(jar, FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));
        Path original = root.resolve("schedule/target/schedule.jar.original");
        Files.writeString(original, "as Maven's jar plugin wrote it");
        Files.setLastModifiedTime(original, FileTime.from(now.minus(Duration.ofMinutes(1))));

        assertThat(staleModules(root)).as("stale after Maven built it").isEmpty();

        Files.setLastModifiedTime(source, FileTime.from(now));
        assertThat(staleModules(root)).as("stale after its source changed").isEqualTo("schedule");

        Files.setLastModifiedTime(jar, FileTime.from(now.plusSeconds(1)));
        assertThat(staleModules(root)).as("stale after bin/stack's own build touched the jar").isEmpty();
    }

    private String staleModules(Path root) {
        HostCommand.Result stale = HostCommand.run(List.of("bash", "-c",
                "source bin/stack status > /dev/null 2>&1; ROOT=\"$1\"; MODULES=(schedule); stale_modules",
                "stack", root.toString()), Map.of("HEALTHCHECK_STACK_DIR", stackDir.toString()), TIMEOUT);
        assertThat(stale.succeeded()).as(stale.describe()).isTrue();
        return stale.stdout().strip();
    }

    @Test
    void aJdkIsRecognisedByItsReleaseFileWithoutStartingIt(@TempDir Path jdks) throws IOException {
        // a java that cannot run: only the release file can say which version this is
        Path java = Files.createDirectories(jdks.resolve("jdk-99/bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\nexit 1\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(jdks.resolve("jdk-99/release"), "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"99.0.1\"\n");

        HostCommand.Result major = HostCommand.run(List.of("bash", "-c",
                "source bin/stack-support/find-jdk.sh && java_major \"$1\"", "find-jdk", java.toString()),
                Map.of(), TIMEOUT);

        assertThat(major.succeeded()).as(major.describe()).isTrue();
        assertThat(major.stdout().strip()).isEqualTo("99.0.1");
    }

    /** A {@code sleep} recorded as the named service, whose parent execs into another sleep and so never waits. */
    private long serviceWhoseParentNeverReapsIt(String name) throws IOException {
        standIn = new ProcessBuilder("bash", "-c", "sleep 300 > /dev/null & echo $!; exec sleep 120")
                .redirectErrorStream(true).start();
        String pid = new BufferedReader(new InputStreamReader(standIn.getInputStream(), StandardCharsets.UTF_8))
                .readLine();
        Files.createDirectories(stackDir.resolve("pids"));
        Files.writeString(stackDir.resolve("pids/" + name + ".pid"), pid + "\n");
        assertThat(stateOf(Long.parseLong(pid))).isNotEqualTo("Z");
        return Long.parseLong(pid);
    }

    private HostCommand.Result stack(Map<String, String> environment, String... arguments) {
        var env = new HashMap<>(environment);
        env.put("HEALTHCHECK_STACK_DIR", stackDir.toString());
        var command = new ArrayList<>(List.of(STACK.toString()));
        command.addAll(List.of(arguments));
        return HostCommand.run(command, env, TIMEOUT);
    }

    /** The process's state letter from /proc (R, S, Z, ...). */
    private static String stateOf(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        return stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    }
}
