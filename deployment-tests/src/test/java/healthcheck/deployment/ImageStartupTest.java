package healthcheck.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What `docker build` and `docker run` would do with docker/Dockerfile, done here without Docker: the jar
 * extracted by the Dockerfile's own command, its layers laid out as the COPYs lay them, the AOT cache trained with
 * the RUN's command line, then the ENTRYPOINT started on that cache until readiness answers, probed with the
 * HEALTHCHECK's own command, and stopped with SIGTERM. The service runs as it would in the smallest container
 * the deployments give it, with and without the cache, and both startup times are printed. It runs schedule;
 * {@code -Dhealthcheck.image.services=all} (or a comma-separated list) runs others too, about a minute and a half
 * each on two cores.
 */
class ImageStartupTest {

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);
    /** Two shutdown phases of 20 s (the services' timeout-per-shutdown-phase), and some slack. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    /** 128 + SIGTERM: the JVM ran its shutdown hooks (Spring's graceful shutdown) and exited; SIGKILL gives 137. */
    private static final int EXIT_AFTER_SIGTERM = 143;
    private static final Pattern STARTED = Pattern.compile("Started \\S+ in ([0-9.]+) seconds");
    /**
     * What the JVM makes of the smallest memory limit the deployments give a service (512 MiB): a heap sized from
     * 512 MB, and the Serial GC it picks by itself below 1792 MB. The training ran with this machine's memory and
     * G1, as a build host's would; the cache has to work across that, and the JVM refuses to start when the
     * initial heap cannot hold the cache's archived objects.
     */
    private static final List<String> SMALLEST_CONTAINER = List.of("-XX:MaxRAM=512m", "-XX:+UseSerialGC");

    static Stream<String> services() {
        String selected = System.getProperty("healthcheck.image.services", "schedule").strip();
        return selected.equals("all") ? ServiceConfig.SERVICES.stream()
                : Arrays.stream(selected.split("\\s*,\\s*")).filter(s -> !s.isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("services")
    void startsFromTheImageLayoutOnItsTrainedAotCacheAndStopsGracefully(String service, @TempDir Path scratch)
            throws Exception {
        ServiceConfig config = ServiceConfig.of(service);
        if (!Files.isRegularFile(ImageRehearsal.jar(service))) {
            AbsentToolPolicy.skipOrFail(ImageRehearsal.jar(service) + " is not built (mvnw package builds it)");
        }
        DockerfileModel dockerfile = DockerfileModel.read();
        ImageRehearsal image = new ImageRehearsal(dockerfile, service, scratch);

        image.extract();
        image.assemble();
        Map<String, String> layout = image.snapshotOfApplicationDirectory();
        Duration training = image.train();
        assertThat(image.cache()).as("the trained AOT cache").isNotEmptyFile();
        assertThat(Files.readString(image.trainingLog())).as("the training's log: it must end before Kafka is used")
                .doesNotContain("/" + ImageRehearsal.UNREACHABLE_KAFKA);
        if (config.property("spring.datasource.url", List.of()) != null) {
            assertThat(ImageRehearsal.sizeOf(image.trainingDirectory()))
                    .as("the training's local database files are in its throwaway directory").isPositive();
        }

        Path classLoading = scratch.resolve("class-load.log");
        // AOTMode=on: the JVM refuses to start when it cannot use the cache, instead of quietly starting without
        List<String> cacheOptions = List.of("-XX:AOTMode=on", "-Xlog:class+load=info:file=" + classLoading);
        Duration readyWithCache;
        long residentKilobytes;
        String startedWithCache;
        try (ImageRehearsal.RunningService cached = image.start(ImageRehearsal.freePort(),
                concat(SMALLEST_CONTAINER, cacheOptions), false, "with-cache")) {
            readyWithCache = cached.awaitReady(config.readinessPath(), READY_TIMEOUT);
            residentKilobytes = cached.residentKilobytes();
            assertThat(DockerfileHealthcheckTest.probe(cached.port()).exitCode())
                    .as("the HEALTHCHECK command against the ready service").isZero();
            assertThat(cached.terminate(STOP_TIMEOUT)).as("exit code after SIGTERM").isEqualTo(EXIT_AFTER_SIGTERM);
            assertThat(cached.logText()).as("log of the stop").contains("Commencing graceful shutdown")
                    .contains("Graceful shutdown complete");
            startedWithCache = started(cached);
        }
        assertThat(Files.readString(classLoading)).as("where the service's own classes came from")
                .contains(image.startClass() + " source: shared objects file");

        Duration readyWithoutCache;
        String startedWithoutCache;
        try (ImageRehearsal.RunningService uncached = image.start(ImageRehearsal.freePort(), SMALLEST_CONTAINER,
                true, "without-cache")) {
            readyWithoutCache = uncached.awaitReady(config.readinessPath(), READY_TIMEOUT);
            assertThat(uncached.terminate(STOP_TIMEOUT)).as("exit code after SIGTERM").isEqualTo(EXIT_AFTER_SIGTERM);
            startedWithoutCache = started(uncached);
        }

        // the layout is root's in the image and the root filesystem may be read-only: nothing may have written to it
        Map<String, String> afterRuns = image.snapshotOfApplicationDirectory();
        afterRuns.remove(image.applicationDirectory().relativize(image.cache()).toString());
        assertThat(afterRuns).as("the service's directory after training and two runs").isEqualTo(layout);

        System.out.printf(Locale.ROOT, "[image] %s: ready in %.1f s with the AOT cache (Spring: started in %s s), "
                        + "%.1f s without (Spring: %s s); training %.1f s; AOT cache %d MB; layers %s; "
                        + "RSS when ready %d MB%n",
                service, seconds(readyWithCache), startedWithCache, seconds(readyWithoutCache), startedWithoutCache,
                seconds(training), Files.size(image.cache()) >> 20, layerSizes(image), residentKilobytes >> 10);
    }

    private static List<String> concat(List<String> first, List<String> second) {
        return Stream.concat(first.stream(), second.stream()).toList();
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }

    private static String started(ImageRehearsal.RunningService service) throws IOException {
        Matcher matcher = STARTED.matcher(service.logText());
        return matcher.find() ? matcher.group(1) : "?";
    }

    private static String layerSizes(ImageRehearsal image) throws IOException {
        StringBuilder sizes = new StringBuilder();
        for (DockerfileModel.LayerCopy copy : DockerfileModel.read().layerCopies()) {
            Path layer = image.inImage(copy.source());
            sizes.append(sizes.isEmpty() ? "" : ", ").append(layer.getFileName()).append(' ')
                    .append(String.format(Locale.ROOT, "%.1f MB", ImageRehearsal.sizeOf(layer) / 1048576.0));
        }
        return sizes.toString();
    }
}
