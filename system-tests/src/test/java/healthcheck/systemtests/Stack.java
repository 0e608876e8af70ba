package healthcheck.systemtests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/** The stack as bin/stack runs it: its URLs and the commands to stop and start one component. */
final class Stack {

    static final Path ROOT = Path.of(System.getProperty("e2e.root", "..")).toAbsolutePath().normalize();

    private Stack() {
    }

    static String gateway() {
        return "http://127.0.0.1:" + port("GATEWAY_PORT", 8088);
    }

    /** The stack's Kafka broker, for drills that look at it or write to it directly. */
    static String kafka() {
        return "127.0.0.1:" + port("KAFKA_PORT", 9092);
    }

    /** How many instances of schedule and of reservation the stack runs (bin/stack --instances). */
    static int instances() {
        return Integer.getInteger("e2e.instances", 1);
    }

    /**
     * Where customers' bookings go: the gateway, or with several instances each reservation instance directly (so a
     * drill knows which instance each customer's booking went to).
     */
    static List<String> reservationInstances() {
        return instances() == 1 ? List.of(gateway()) : reservationServices();
    }

    /** Each reservation instance's own URL, past the gateway: what only an instance can tell, such as its circuit. */
    static List<String> reservationServices() {
        return instancesOf("reservation");
    }

    /** Each schedule instance's own URL: its fault switch is not routed by the gateway. */
    static List<String> scheduleServices() {
        return instancesOf("schedule");
    }

    /** bin/stack's names for every instance of a module: schedule, schedule-2, ... */
    static List<String> componentsOf(String module) {
        return IntStream.rangeClosed(1, instances()).mapToObj(k -> k == 1 ? module : module + "-" + k).toList();
    }

    static String service(String name) {
        return "http://127.0.0.1:" + servicePort(name);
    }

    /** bin/stack puts instance k (counting from 0) of a service 10 ports above the first. */
    private static List<String> instancesOf(String name) {
        int first = servicePort(name);
        return IntStream.range(0, instances()).mapToObj(k -> "http://127.0.0.1:" + (first + 10 * k)).toList();
    }

    private static int servicePort(String name) {
        return port(name.toUpperCase() + "_PORT", switch (name) {
            case "schedule" -> 8081;
            case "reservation" -> 8082;
            case "delivery" -> 8083;
            default -> 8084;
        });
    }

    private static int port(String variable, int fallback) {
        String value = System.getenv(variable);
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value);
    }

    /** Where a module's logs (every instance's) end now: {@link LogMark#linesSince()} reads what comes after. */
    static LogMark markLogs(String module) {
        Map<Path, Long> ends = new LinkedHashMap<>();
        for (String component : componentsOf(module)) {
            Path log = logsDir().resolve(component + ".log");
            ends.put(log, Files.exists(log) ? log.toFile().length() : 0L);
        }
        return new LogMark(ends);
    }

    record LogMark(Map<Path, Long> ends) {

        /** Every line the module logged after the mark, from each instance's log. */
        List<String> linesSince() throws IOException {
            List<String> lines = new ArrayList<>();
            for (var end : ends.entrySet()) {
                if (Files.exists(end.getKey())) {
                    try (var in = Files.newInputStream(end.getKey())) {
                        in.skipNBytes(end.getValue());
                        new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().forEach(lines::add);
                    }
                }
            }
            return lines;
        }
    }

    /**
     * Every GC log bin/stack's JVMs wrote ({@code NAME-gc.log}), with those the JVM rotated aside when the same
     * component started again ({@code NAME-gc.log.0}, ...).
     */
    static List<Path> gcLogs() throws IOException {
        try (Stream<Path> files = Files.list(logsDir())) {
            return files.filter(file -> file.getFileName().toString().matches(".+-gc\\.log(\\.\\d+)?"))
                    .sorted().toList();
        }
    }

    private static Path logsDir() {
        return Path.of(System.getenv().getOrDefault("HEALTHCHECK_STACK_DIR", ROOT.resolve(".stack").toString()))
                .resolve("logs");
    }

    /**
     * The lines of a service's logs (every instance's) that contain any of {@code texts}, at most {@code limit} of
     * them: what a failed assertion shows, so a failure on CI, where the logs are gone afterwards, says why.
     */
    static String logLines(String module, int limit, String... texts) {
        List<String> wanted = List.of(texts);
        StringBuilder found = new StringBuilder();
        for (String component : componentsOf(module)) {
            Path log = logsDir().resolve(component + ".log");
            if (!Files.exists(log)) {
                continue;
            }
            try (var lines = Files.lines(log, StandardCharsets.UTF_8)) {
                // the last ones: a log file spans the stack's earlier starts too
                List<String> matching = lines.filter(l -> wanted.stream().anyMatch(l::contains)).toList();
                matching.subList(Math.max(0, matching.size() - limit), matching.size()).forEach(line ->
                        found.append(log.getFileName()).append(": ").append(line).append('\n'));
            } catch (IOException | java.io.UncheckedIOException e) {
                found.append(log.getFileName()).append(": unreadable (").append(e).append(")\n");
            }
        }
        return found.isEmpty() ? "(no line with any of " + wanted + " in the " + module + " logs)" : found.toString();
    }

    static void stop(String component) {
        run("stop", component);
    }

    static void start(String component) {
        run("start", component);
    }

    /** SIGKILL, as a crash: no graceful shutdown, nothing flushed on the way out. */
    static void kill(String component) {
        run("kill", component);
    }

    private static final java.util.Map<String, String[]> TOKENS = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * A demo user's access token, as {@code bin/stack token NAME} prints it (authorization code with PKCE at the
     * stack's issuer), got again after ten minutes: tokens live fifteen.
     */
    static String token(String user) {
        String[] held = TOKENS.get(user);
        if (held != null && System.currentTimeMillis() - Long.parseLong(held[1]) < 600_000) {
            return held[0];
        }
        synchronized (TOKENS) {
            held = TOKENS.get(user);
            if (held != null && System.currentTimeMillis() - Long.parseLong(held[1]) < 600_000) {
                return held[0];
            }
            String token = Commands.answer(Duration.ofMinutes(2),
                    List.of("bash", ROOT.resolve("bin/stack").toString(), "token", user)).succeeded().output().trim();
            TOKENS.put(user, new String[] {token, Long.toString(System.currentTimeMillis())});
            return token;
        }
    }

    /**
     * Whether the services' own ports can be reached, as bin/stack publishes them; the containers of
     * docker-compose.yml (bin/images verify, -De2e.containers=true) publish only the gateway and the issuer.
     */
    static boolean servicesPublished() {
        return !Boolean.getBoolean("e2e.containers");
    }

    /** The process id of every JVM bin/stack runs, by component: the PID column of {@code bin/stack status}. */
    static Map<String, Long> pids() {
        Map<String, Long> pids = new LinkedHashMap<>();
        for (String line : run("status").lines().toList()) {
            String[] columns = line.trim().split("\\s+");
            if (columns.length >= 4 && columns[2].matches("\\d+")) {
                pids.put(columns[0], Long.parseLong(columns[2]));
            }
        }
        return pids;
    }

    /** Runs bin/stack with these arguments, requires it to succeed, and returns what it printed. */
    static String run(String... arguments) {
        return script("bin/stack", arguments);
    }

    /** Runs bin/images (the containers' counterpart of bin/stack) with these arguments, as {@link #run} does. */
    static String images(String... arguments) {
        return script("bin/images", arguments);
    }

    private static String script(String script, String... arguments) {
        List<String> command = new ArrayList<>(List.of("bash", ROOT.resolve(script).toString()));
        command.addAll(List.of(arguments));
        // a first start after a build trains the AOT caches, which takes minutes on two cores
        Commands.Finished finished = Commands.run(Duration.ofMinutes(15), command);
        System.out.printf("%s %s%n%s%n", script, String.join(" ", arguments), finished.output());
        return finished.succeeded().output();
    }
}
