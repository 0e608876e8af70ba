package healthcheck.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * docker/Dockerfile's build and run steps for one service, done on this machine with its JDK 25 instead of in
 * Docker: the same extract command, the same layer copies, the same training and ENTRYPOINT command lines, read
 * from the Dockerfile. A scratch directory stands in for the image's root, so /application/app.aot is
 * {@code <scratch>/application/app.aot} and the AOT cache sees the same layout it would in the image.
 */
final class ImageRehearsal {

    /** Kafka is never reachable here: nothing listens on the discard port. */
    static final String UNREACHABLE_KAFKA = "127.0.0.1:9";

    /** Variables of this machine that would change what the service does; the image's build sets none of them. */
    private static final List<String> HOST_VARIABLES = List.of("SPRING_PROFILES_ACTIVE", "JAVA_TOOL_OPTIONS",
            "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS", "PGHOST", "PGPORT", "PGDATABASE", "PGUSER", "PGPASSWORD",
            "SERVER_PORT", "HEALTHCHECK_DATA_DIR", "KAFKA_BOOTSTRAP_SERVERS");

    private final DockerfileModel dockerfile;
    private final String service;
    private final Path root;

    ImageRehearsal(DockerfileModel dockerfile, String service, Path scratch) {
        this.dockerfile = dockerfile;
        this.service = service;
        this.root = scratch;
    }

    static Path jar(String service) {
        return ServiceConfig.ROOT.resolve(service + "/target/" + service + ".jar");
    }

    static Path java() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /** The host path of a path inside the image. */
    Path inImage(String imagePath) {
        return root.resolve(imagePath.replaceFirst("^/+", ""));
    }

    /** The training's throwaway directory (the RUN's {@code mktemp -d}). */
    Path trainingDirectory() {
        return inImage("/tmp/train");
    }

    /** The JVM's temporary directory, the image's /tmp. */
    Path temporaryDirectory() {
        return inImage("/tmp");
    }

    /** The final stage's WORKDIR, where the service's files are. */
    Path applicationDirectory() {
        return inImage(dockerfile.finalStage().workdir());
    }

    /** The extract stage: the jar copied under its one name, then the Dockerfile's own extract command. */
    void extract() throws IOException, InterruptedException {
        DockerfileModel.Stage stage = dockerfile.extractStage();
        Path workdir = inImage(stage.workdir());
        Files.createDirectories(workdir);
        String[] copy = stage.last("COPY").orElseThrow().arguments().split("\\s+");
        Files.copy(jar(service), resolve(workdir, copy[1]), StandardCopyOption.COPY_ATTRIBUTES);
        List<String> command = new ArrayList<>(
                DockerfileModel.commandContaining(stage, "-Djarmode=tools").javaCommandLine());
        command.set(0, java().toString());
        run(command, workdir, Map.of(), Duration.ofMinutes(2), root.resolve("extract.log"));
    }

    /** The final stage's COPY --from instructions, in their order, into the WORKDIR. */
    void assemble() throws IOException {
        for (DockerfileModel.LayerCopy copy : dockerfile.layerCopies()) {
            Path source = inImage(copy.source());
            Path target = resolve(applicationDirectory(), copy.destination());
            Files.createDirectories(target);
            copyTree(source, target);
        }
    }

    /** The training command as the RUN has it, its cache then put where the ENTRYPOINT reads it. */
    Duration train() throws IOException, InterruptedException {
        DockerfileModel.ShellCommand training = DockerfileModel.commandContaining(dockerfile.finalStage(),
                "-XX:AOTCacheOutput");
        Files.createDirectories(trainingDirectory());
        Map<String, String> environment = new TreeMap<>();
        for (String assignment : training.environmentAssignments()) {
            int equals = assignment.indexOf('=');
            environment.put(assignment.substring(0, equals), onHost(assignment.substring(equals + 1)));
        }
        environment.put("KAFKA_BOOTSTRAP_SERVERS", UNREACHABLE_KAFKA);
        List<String> command = onHost(training.javaCommandLine());
        long started = System.nanoTime();
        run(command, applicationDirectory(), environment, Duration.ofMinutes(5), trainingLog());
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        Path trained = Path.of(onHost(DockerfileModel.jvmOption(training.javaCommandLine(), "-XX:AOTCacheOutput")
                .orElseThrow()));
        Files.move(trained, cache(), StandardCopyOption.REPLACE_EXISTING);
        return took;
    }

    Path trainingLog() {
        return root.resolve("training.log");
    }

    /** Where the ENTRYPOINT reads the AOT cache. */
    Path cache() {
        return Path.of(onHost(DockerfileModel.jvmOption(entrypoint(), "-XX:AOTCache").orElseThrow()));
    }

    /** The ENTRYPOINT, as it is in the image. */
    List<String> entrypoint() {
        return dockerfile.finalStage().last("ENTRYPOINT").orElseThrow().execForm();
    }

    /**
     * Starts the ENTRYPOINT (with extra JVM options right after {@code java}, without the AOT cache option when
     * {@code withoutCache}) on the given port: default profile, the local database files in a scratch folder,
     * and a Kafka that is not there.
     */
    RunningService start(int port, List<String> extraJvmOptions, boolean withoutCache, String label)
            throws IOException {
        List<String> command = new ArrayList<>(onHost(entrypoint()));
        if (withoutCache) {
            command.removeIf(word -> word.startsWith("-XX:AOTCache="));
        }
        command.addAll(1, extraJvmOptions);
        Path data = Files.createDirectories(root.resolve("data-" + label));
        Path log = root.resolve(label + ".log");
        ProcessBuilder builder = processBuilder(command, applicationDirectory(), Map.of(
                "SERVER_PORT", String.valueOf(port),
                "HEALTHCHECK_DATA_DIR", data.toString(),
                "KAFKA_BOOTSTRAP_SERVERS", UNREACHABLE_KAFKA), log);
        long started = System.nanoTime();
        return new RunningService(builder.start(), started, port, log);
    }

    /** The started service's class, as the jar's manifest names it. */
    String startClass() throws IOException {
        try (JarFile jar = new JarFile(jar(service).toFile())) {
            return jar.getManifest().getMainAttributes().getValue("Start-Class");
        }
    }

    /** Every file of the image's service directory with its size and modification time, to compare later. */
    Map<String, String> snapshotOfApplicationDirectory() throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(applicationDirectory())) {
            for (Path path : paths.toList()) {
                String attributes = Files.isDirectory(path) ? "dir"
                        : Files.size(path) + " bytes, modified " + Files.getLastModifiedTime(path);
                files.put(applicationDirectory().relativize(path).toString(), attributes);
            }
        }
        return files;
    }

    static long sizeOf(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            return paths.filter(Files::isRegularFile).mapToLong(path -> {
                try {
                    return Files.size(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** A service started from the rehearsed image layout; closing it kills what a failed test left running. */
    record RunningService(Process process, long startedNanos, int port, Path log) implements AutoCloseable {

        @Override
        public void close() throws InterruptedException {
            if (process.isAlive()) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        }

        /** How long it took from the start until readiness answered 200. */
        Duration awaitReady(String readinessPath, Duration timeout) throws IOException, InterruptedException {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + readinessPath))
                    .timeout(Duration.ofSeconds(2)).build();
            long deadline = startedNanos + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new AssertionError("the service exited with " + process.exitValue() + " before it was "
                            + "ready; its log ends with:\n" + tail(log, 40));
                }
                try {
                    if (client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return Duration.ofNanos(System.nanoTime() - startedNanos);
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(50);
            }
            throw new AssertionError("not ready within " + timeout + "; its log ends with:\n" + tail(log, 40));
        }

        /** SIGTERM, as `docker stop` and Kubernetes send it; the exit code once it has stopped. */
        int terminate(Duration timeout) throws InterruptedException {
            process.destroy();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("still running " + timeout + " after SIGTERM");
            }
            return process.exitValue();
        }

        /** The resident memory of the JVM (Linux), or -1. */
        long residentKilobytes() {
            Path status = Path.of("/proc/" + process.pid() + "/status");
            try {
                return Files.readAllLines(status).stream().filter(line -> line.startsWith("VmRSS:"))
                        .mapToLong(line -> Long.parseLong(line.replaceAll("\\D", ""))).findFirst().orElse(-1);
            } catch (IOException | RuntimeException notLinux) {
                return -1;
            }
        }

        String logText() throws IOException {
            return Files.readString(log);
        }
    }

    static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private List<String> onHost(List<String> words) {
        List<String> host = new ArrayList<>(words.stream().map(this::onHost).toList());
        if (host.getFirst().equals("java")) {
            host.set(0, java().toString());
        }
        return host;
    }

    /** A word of a command line with the image's paths made this machine's. */
    private String onHost(String word) {
        String replaced = word.replace("$train", "/tmp/train");
        if (replaced.startsWith("/")) {
            return inImage(replaced).toString();
        }
        int path = replaced.indexOf("=/");
        return path < 0 ? replaced : replaced.substring(0, path + 1) + inImage(replaced.substring(path + 1));
    }

    private ProcessBuilder processBuilder(List<String> command, Path directory, Map<String, String> environment,
            Path log) throws IOException {
        Files.createDirectories(temporaryDirectory());
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        HOST_VARIABLES.forEach(builder.environment()::remove);
        // the image's /tmp is the JVM's temporary directory; here it is the scratch one, so nothing is left in /tmp
        builder.environment().put("JDK_JAVA_OPTIONS", "-Djava.io.tmpdir=" + temporaryDirectory());
        builder.environment().putAll(environment);
        return builder;
    }

    private void run(List<String> command, Path directory, Map<String, String> environment, Duration timeout,
            Path log) throws IOException, InterruptedException {
        Process process = processBuilder(command, directory, environment, log).start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout + ":\n"
                    + tail(log, 40));
        }
        if (process.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed with " + process.exitValue() + ":\n"
                    + tail(log, 40));
        }
    }

    private static Path resolve(Path workdir, String path) {
        return workdir.resolve(path).normalize();
    }

    private static void copyTree(Path source, Path target) throws IOException {
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path path : paths.toList()) {
                Path destination = target.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(destination);
                } else {
                    // Docker's COPY keeps modification times too, and the AOT cache checks them
                    Files.copy(path, destination, StandardCopyOption.COPY_ATTRIBUTES,
                            StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
