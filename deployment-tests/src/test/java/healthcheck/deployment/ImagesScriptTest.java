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
