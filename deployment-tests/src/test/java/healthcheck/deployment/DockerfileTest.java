package healthcheck.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/** docker/Dockerfile read as Docker reads it, checked against the contract and the services' own configuration. */
class DockerfileTest {

    private static final Pattern JRE_25 = Pattern.compile("[^:@]+:25(\\.[0-9.+_]+)?-jre(-[a-z0-9]+)?(@sha256:\\w+)?");
    private static final Pattern NUMERIC_USER = Pattern.compile("(\\d+)(?::(\\d+))?");
    private static final Pattern BUILD_TOOL = Pattern.compile("(?i)\\b(mvnw?|maven|gradle|javac|jdk)\\b");
    private static final Pattern LAYER = Pattern.compile("^- \"([^\"]+)\":$");
    private static final String CONTRACT_UID = "10001";

    private final DockerfileModel dockerfile = DockerfileModel.read();
    private final DockerfileModel.Stage image = dockerfile.finalStage();

    @Test
    void everyStageRunsOnAJava25RuntimeNotAJdk() {
        for (DockerfileModel.Stage stage : dockerfile.stages()) {
            assertThat(stage.image()).as("FROM of stage %s", stage.name()).matches(JRE_25);
        }
    }

    @Test
    void runsAsTheContractsNumericNonRootUser() {
        String user = image.last("USER").orElseThrow().arguments();
        Matcher numeric = NUMERIC_USER.matcher(user);
        assertThat(numeric.matches()).as("USER %s is numeric (Kubernetes' runAsNonRoot can only check numbers)",
                user).isTrue();
        assertThat(numeric.group(1)).isNotEqualTo("0").isEqualTo(CONTRACT_UID);
        assertThat(numeric.group(2)).as("group").isNotEqualTo("0").isEqualTo(CONTRACT_UID);
    }

    @Test
    void exposesTheContainerPortOfEveryService() {
        int exposed = DockerfileHealthcheckTest.exposedPort(dockerfile);
        for (String service : ServiceConfig.SERVICES) {
            assertThat(exposed).as(service).isEqualTo(ServiceConfig.of(service).containerPort());
        }
    }

    @Test
    void runsWithTheContainerProfiles() {
        assertThat(environment().get("SPRING_PROFILES_ACTIVE"))
                .isEqualTo(String.join(",", ServiceConfig.CONTAINER_PROFILES));
    }

    @Test
    void entrypointIsJavaInExecFormOnTheAotCacheWithHeapSizedByTheContainer() {
        List<String> entrypoint = image.last("ENTRYPOINT").orElseThrow().execForm();
        assertThat(entrypoint.getFirst()).isEqualTo("java");
        assertThat(DockerfileModel.jvmOption(entrypoint, "-XX:AOTCache")).isPresent();
        assertThat(DockerfileModel.jvmOption(entrypoint, "-XX:MaxRAMPercentage")).hasValueSatisfying(
                percentage -> assertThat(Double.parseDouble(percentage)).isBetween(25.0, 90.0));
        assertThat(DockerfileModel.jvmOption(entrypoint, "-XX:InitialRAMPercentage"))
                .as("an initial heap that holds the AOT cache's archived objects in a small container").isPresent();
        assertThat(entrypoint).as("a fixed heap would ignore the container's limit")
                .noneMatch(word -> word.startsWith("-Xmx") || word.startsWith("-XX:MaxHeapSize"));
        assertThat(entrypoint.subList(entrypoint.size() - 2, entrypoint.size()))
                .containsExactly("-jar", image.workdir() + "/application.jar");
        assertThat(image.all("CMD")).as("CMD would only add program arguments").isEmpty();
    }

    @Test
    void operatorsSetTheHeapThroughJdkJavaOptionsOverTheContainerSizing() {
        List<String> entrypoint = image.last("ENTRYPOINT").orElseThrow().execForm();
        List<String> command = new ArrayList<>(without(entrypoint.subList(0, entrypoint.indexOf("-jar")),
                "-XX:AOTCache="));
        command.set(0, ImageRehearsal.java().toString());
        command.addAll(List.of("-XX:+PrintFlagsFinal", "-version"));
        HostCommand.Result flags = HostCommand.run(command, Map.of("JDK_JAVA_OPTIONS", "-Xmx300m"),
                Duration.ofSeconds(30));
        assertThat(flags.succeeded()).as(flags.describe()).isTrue();
        assertThat(flags.stdout()).containsPattern("MaxHeapSize\\s+= 314572800\\s");
    }

    @Test
    void trainsTheAotCacheWithTheEntrypointsCommandLineAfterTheLayersAreInPlace() {
        DockerfileModel.Instruction trainingRun = image.all("RUN").stream()
                .filter(run -> run.arguments().contains("-XX:AOTCacheOutput")).findFirst().orElseThrow();
        DockerfileModel.ShellCommand training = DockerfileModel.commandContaining(image, "-XX:AOTCacheOutput");
        List<String> trainingJava = training.javaCommandLine();
        List<String> entrypoint = image.last("ENTRYPOINT").orElseThrow().execForm();

        assertThat(trainingJava).contains("-Dspring.context.exit=onRefresh");
        assertThat(without(trainingJava, "-XX:AOTCacheOutput=", "-Dspring.context.exit="))
                .as("the training's JVM command line, but for the cache options")
                .isEqualTo(without(entrypoint, "-XX:AOTCache="));

        String trained = DockerfileModel.jvmOption(trainingJava, "-XX:AOTCacheOutput").orElseThrow();
        List<String> install = DockerfileModel.shellCommands(trainingRun).stream().map(DockerfileModel.ShellCommand::words)
                .filter(words -> words.contains(trained)).filter(words -> !words.equals(training.words()))
                .findFirst().orElseThrow(() -> new AssertionError("nothing moves " + trained + " into the image"));
        assertThat(install.getLast()).as("where the cache goes")
                .isEqualTo(DockerfileModel.jvmOption(entrypoint, "-XX:AOTCache").orElseThrow());

        int trainingIndex = DockerfileModel.indexOf(image, trainingRun);
        for (DockerfileModel.Instruction copy : image.all("COPY")) {
            assertThat(DockerfileModel.indexOf(image, copy)).as("COPY %s comes before the training", copy.arguments())
                    .isLessThan(trainingIndex);
        }
        DockerfileModel.Instruction profiles = image.all("ENV").stream()
                .filter(env -> env.arguments().contains("SPRING_PROFILES_ACTIVE")).findFirst().orElseThrow();
        assertThat(DockerfileModel.indexOf(image, profiles))
                .as("the container profiles (PostgreSQL) are set only after the training, which has no database")
                .isGreaterThan(trainingIndex);
    }

    @Test
    void trainsAsTheRuntimeUserWithItsDatabaseFilesInAThrowawayDirectory() {
        DockerfileModel.ShellCommand training = DockerfileModel.commandContaining(image, "-XX:AOTCacheOutput");
        String[] user = image.last("USER").orElseThrow().arguments().split(":");
        assertThat(training.option("--reuid")).as("setpriv's user").contains(user[0]);
        assertThat(training.option("--regid")).as("setpriv's group").contains(user.length > 1 ? user[1] : user[0]);
        String dataDirectory = training.environmentAssignments().stream()
                .filter(assignment -> assignment.startsWith("HEALTHCHECK_DATA_DIR=")).findFirst()
                .orElseThrow(() -> new AssertionError("the training sets no HEALTHCHECK_DATA_DIR; H2 would write to "
                        + "the image's working directory"))
                .substring("HEALTHCHECK_DATA_DIR=".length());
        String trainingRun = image.all("RUN").stream().map(DockerfileModel.Instruction::arguments)
                .filter(run -> run.contains("-XX:AOTCacheOutput")).findFirst().orElseThrow();
        assertThat(trainingRun).contains(dataDirectory.replace("$", "") + "=\"$(mktemp -d)\"")
                .contains("rm -rf /tmp/*");
    }

    @Test
    void copiesEachLayerTheJarsDeclareOnItsOwnInTheirOrder() throws IOException {
        List<DockerfileModel.LayerCopy> copies = dockerfile.layerCopies();
        List<String> copied = copies.stream().map(copy -> Path.of(copy.source()).getFileName().toString()).toList();
        assertThat(copies).allSatisfy(copy -> assertThat(copy.destination()).isEqualTo("./"));
        assertThat(DockerfileModel.commandContaining(dockerfile.extractStage(), "-Djarmode=tools").words())
                .contains("extract", "--layers");
        int checked = 0;
        for (String service : ServiceConfig.SERVICES) {
            Path jar = ImageRehearsal.jar(service);
            if (Files.isRegularFile(jar)) {
                assertThat(copied).as("layers of %s", jar).isEqualTo(layersOf(jar));
                checked++;
            }
        }
        if (checked == 0) {
            AbsentToolPolicy.skipOrFail("no service jar is built, so their layers cannot be compared");
        }
    }

    @Test
    void finalImageHoldsNoBuildTools() {
        for (DockerfileModel.Instruction instruction : image.instructions()) {
            assertThat(instruction.keyword() + " " + instruction.arguments()).doesNotContainPattern(BUILD_TOOL)
                    .doesNotContain("apt-get install").doesNotContain("apk add");
        }
    }

    @Test
    void readsAnArrayThatIsNotStrictJsonAsTheShellFormDockerWouldRunItIn() {
        DockerfileModel sloppy = DockerfileModel.parse("FROM eclipse-temurin:25-jre\nENTRYPOINT ['java', '-jar', 'x.jar']\n");
        assertThatThrownBy(() -> sloppy.finalStage().last("ENTRYPOINT").orElseThrow().execForm())
                .isInstanceOf(IllegalArgumentException.class);
        DockerfileModel strict = DockerfileModel.parse("""
                # comment
                FROM eclipse-temurin:25-jre AS base
                ENTRYPOINT ["java", \\
                # a comment inside a continuation, which Docker drops
                    "-jar", "x.jar"]
                """);
        assertThat(strict.finalStage().name()).isEqualTo("base");
        assertThat(strict.finalStage().last("ENTRYPOINT").orElseThrow().execForm()).containsExactly("java", "-jar",
                "x.jar");
    }

    private Map<String, String> environment() {
        Map<String, String> variables = new LinkedHashMap<>();
        for (DockerfileModel.Instruction env : image.all("ENV")) {
            for (String pair : env.arguments().split("\\s+")) {
                int equals = pair.indexOf('=');
                variables.put(pair.substring(0, equals), pair.substring(equals + 1).replace("\"", ""));
            }
        }
        return variables;
    }

    private static List<String> without(List<String> commandLine, String... prefixes) {
        List<String> kept = new ArrayList<>();
        for (String word : commandLine) {
            boolean drop = false;
            for (String prefix : prefixes) {
                drop |= word.startsWith(prefix);
            }
            if (!drop) {
                kept.add(word);
            }
        }
        return kept;
    }

    private static List<String> layersOf(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry index = zip.getEntry("BOOT-INF/layers.idx");
            assertThat(index).as("%s has a layer index", jar).isNotNull();
            try (InputStream in = zip.getInputStream(index)) {
                List<String> layers = new ArrayList<>();
                for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    Matcher layer = LAYER.matcher(line.strip());
                    if (layer.matches()) {
                        layers.add(layer.group(1));
                    }
                }
                return layers;
            }
        }
    }
}
