package healthcheck.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * bin/images: the names it builds and pushes, and the docker commands it runs, seen through a stand-in docker
 * client that only records its arguments (no Docker engine runs here).
 */
class ImagesScriptTest {

    private static final Path SCRIPT = ServiceConfig.ROOT.resolve("bin/images");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** Without these from the developer's shell, the defaults apply. */
    private static final List<String> NAMING = List.of("IMAGE_REPOSITORY", "IMAGE_TAG", "DOCKER");

    @BeforeAll
    static void bashIsThere() {
        if (!HostCommand.run(List.of("bash", "-c", "exit 0"), Map.of(), TIMEOUT).succeeded()) {
            AbsentToolPolicy.skipOrFail("bash is not installed; bin/images is a bash script");
        }
    }

    @Test
    void isAnExecutableBashScriptThatStopsOnErrors() throws IOException {
        assertThat(SCRIPT).isRegularFile().isExecutable();
        List<String> lines = Files.readAllLines(SCRIPT);
        assertThat(lines.getFirst()).isEqualTo("#!/usr/bin/env bash");
        assertThat(lines).contains("set -euo pipefail");
    }

    @Test
    void listsTheContractsSixImageReferencesOnePerLine() {
        assertThat(images(Map.of(), "list").stdout()).isEqualTo(references("healthcheck", "latest"));
        assertThat(images(Map.of("IMAGE_REPOSITORY", "registry.example.com/team", "IMAGE_TAG", "1.4.2"), "list")
                .stdout()).isEqualTo(references("registry.example.com/team", "1.4.2"));
    }

    @Test
    void buildsEveryServiceFromTheSharedDockerfileWithItsTargetFolderAsContext(@TempDir Path scratch)
            throws IOException {
        if (!ServiceConfig.SERVICES.stream().allMatch(service -> Files.isRegularFile(ImageRehearsal.jar(service)))) {
            AbsentToolPolicy.skipOrFail("the service jars are not built, so bin/images --no-package has nothing to build");
        }
        Path calls = scratch.resolve("calls");
        HostCommand.Result build = images(Map.of("DOCKER", recordingDocker(scratch, calls).toString(),
                "IMAGE_TAG", "7"), "build", "--no-package", "--platform", "linux/arm64");
        assertThat(build.succeeded()).as(build.describe()).isTrue();
        List<String> expected = new ArrayList<>();
        for (String service : ServiceConfig.SERVICES) {
            expected.add("build --platform linux/arm64 -f " + ServiceConfig.ROOT.resolve("docker/Dockerfile")
                    + " --build-arg SERVICE=" + service + " -t healthcheck/" + service + ":7 "
                    + ServiceConfig.ROOT.resolve(service + "/target"));
        }
        assertThat(Files.readAllLines(calls)).isEqualTo(expected);
    }

    @Test
    void pushesTheImagesItBuilds(@TempDir Path scratch) throws IOException {
        Path calls = scratch.resolve("calls");
        HostCommand.Result push = images(Map.of("DOCKER", recordingDocker(scratch, calls).toString(),
                "IMAGE_REPOSITORY", "registry.example.com/team"), "push");
        assertThat(push.succeeded()).as(push.describe()).isTrue();
        assertThat(Files.readAllLines(calls)).containsExactlyElementsOf(references("registry.example.com/team",
                "latest").lines().map(reference -> "push " + reference).toList());
    }

    @Test
    void saysSoWhenThereIsNoDockerClient() {
        HostCommand.Result build = images(Map.of("DOCKER", "/nonexistent/docker"), "build", "--no-package");
        assertThat(build.exitCode()).isNotZero();
        assertThat(build.stderr()).contains("/nonexistent/docker").contains("not found");
    }

    @Test
    void refusesUnknownCommandsAndOptions() {
        assertThat(images(Map.of(), "deploy").exitCode()).isNotZero();
        assertThat(images(Map.of(), "build", "--fast").exitCode()).isNotZero();
        assertThat(images(Map.of(), "help").stdout()).contains("bin/images build").contains("IMAGE_REPOSITORY");
    }

    @ParameterizedTest(name = "cgroup {0}")
    @CsvSource({"v1, 'cache 1\\nrss 2\\ntotal_cache 52428800\\ntotal_rss 419430400\\n'",
            "v2, 'anon 419430400\\nfile 52428800\\nkernel 1\\n'"})
    void measuresEachApplicationContainerFromItsCgroupAndItsJvmsOwnCounters(String version, String memoryStat,
            @TempDir Path scratch) throws Exception {
        // a JVM with a known heap, standing in for a container's: its performance counters are what the docker
        // stand-in hands over as the container's /tmp/hsperfdata_*/1
        // (it allocates past its eden first, so that its counters have seen a young collection, as a loaded service's)
        Path program = Files.writeString(scratch.resolve("Waits.java"), """
                class Waits {
                    static byte[] garbage;
                    public static void main(String[] a) throws Exception {
                        for (int i = 0; i < 200; i++) garbage = new byte[1 << 20];
                        System.out.println("waiting");
                        Thread.sleep(120_000);
                    }
                }
                """);
        Path log = scratch.resolve("waits.log");
        Process jvm = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-XX:+UseSerialGC",
                "-Xms32m", "-Xmx64m", program.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            Path counters = Path.of("/tmp", "hsperfdata_" + System.getProperty("user.name"), String.valueOf(jvm.pid()));
            for (int i = 0; i < 300 && !(Files.isRegularFile(log) && Files.readString(log).contains("waiting")); i++) {
                Thread.sleep(100);
            }
            assertThat(Files.readString(log)).as("the stand-in JVM's output").contains("waiting");
            assertThat(counters).as("the stand-in JVM's performance counters").isRegularFile();
            Path stat = Files.writeString(scratch.resolve("memory.stat"), memoryStat.replace("\\n", "\n"));
            Path docker = scratch.resolve("docker");
            Files.writeString(docker, """
                    #!/usr/bin/env bash
                    case "$1" in
                      info) exit 0 ;;
                      compose) [[ "$2" == version ]] || [[ "$*" != *"ps -q"* ]] || printf 'a1b2c3d4e5f6a7b8\\nk1\\n' ;;
                      inspect)
                        case "$3" in
                          *compose.service*) [[ "$4" == k1 ]] && echo kafka || echo reservation ;;
                          *HostConfig.Memory*) echo '805306368 false 0' ;;
                        esac ;;
                      exec)
                        case "$*" in
                          *memory.peak*) echo 471859200 ;;
                          *memory.stat*) cat '%s' ;;
                          *hsperfdata*) cat '%s' ;;
                        esac ;;
                    esac
                    """.formatted(stat, counters));
            Files.setPosixFilePermissions(docker, PosixFilePermissions.fromString("rwx------"));

            HostCommand.Result memory = images(Map.of("DOCKER", docker.toString()), "memory");

            assertThat(memory.succeeded()).as(memory.describe()).isTrue();
            List<String> lines = memory.stdout().lines().toList();
            assertThat(lines.getFirst()).isEqualTo(
                    "service\tcontainer\tlimit\tanon\tcache\tpeak\theap_committed\theap_resident\theap_max\toom_killed"
                    + "\trestarts");
            assertThat(lines).as("one line per application container; kafka is none").hasSize(2);
            String[] reservation = lines.get(1).split("\t");
            assertThat(reservation).startsWith("reservation", "a1b2c3d4e5f6", "805306368", "419430400", "52428800",
                    "471859200");
            long committed = Long.parseLong(reservation[6]);
            assertThat(committed).as("heap committed").isBetween(32L << 20, 64L << 20);
            assertThat(Long.parseLong(reservation[7])).as("heap resident").isPositive().isLessThanOrEqualTo(committed);
            assertThat(reservation[8]).as("heap maximum").isEqualTo(String.valueOf(64L << 20));
            assertThat(reservation).endsWith("false", "0");
        } finally {
            jvm.destroyForcibly();
        }
    }

    private static HostCommand.Result images(Map<String, String> environment, String... arguments) {
        List<String> command = new ArrayList<>(List.of(SCRIPT.toString()));
        command.addAll(List.of(arguments));
        Map<String, String> variables = new HashMap<>(environment);
        NAMING.forEach(name -> variables.putIfAbsent(name, null));
        return HostCommand.run(command, variables, TIMEOUT);
    }

    private static String references(String repository, String tag) {
        StringBuilder references = new StringBuilder();
        ServiceConfig.SERVICES.forEach(service -> references.append(repository).append('/').append(service)
                .append(':').append(tag).append('\n'));
        return references.toString();
    }

    /** A docker client that appends its arguments, one call per line, to {@code calls}. */
    private static Path recordingDocker(Path directory, Path calls) throws IOException {
        Path docker = directory.resolve("docker");
        Files.writeString(docker, "#!/usr/bin/env bash\nprintf '%s\\n' \"$*\" >> '" + calls + "'\n");
        Files.setPosixFilePermissions(docker, PosixFilePermissions.fromString("rwx------"));
        return docker;
    }
}
