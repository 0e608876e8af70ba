package healthcheck.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Issue 7's warm-up, as bin/stack starts the JVMs. Each runs from its AOT cache, and that cache holds the method
 * profiles of real bookings (the training drives them through a scratch stack), not only of the context's refresh:
 * the JVM itself lists the cache's training data, which must name the service's own methods and hold profiles of
 * our code. And every JVM replays them without JDK 25's hold on methods the training saw only in C1: with
 * the JDK's own delay factors (100 and 250) the booking path stayed in C1 for minutes, a stack stuck at 45-50
 * bookings/s where it otherwise climbed past 64-74/s (docs/benchmarks.md). How fast it warms is the benchmark's to
 * show; this keeps what lets it.
 */
@Order(1)
class TrainedJitIT {

    /** The services whose caches bin/stack trains on bookings, as the JVM names their code in a cache. */
    private static final List<String> TRAINED_ON_BOOKINGS = List.of("reservation", "schedule", "delivery",
            "customercenter", "gateway");

    private static final Pattern CACHE = Pattern.compile("-XX:AOTCache=(\\S+)");

    @Test
    void everyJvmStartsFromACacheTrainedOnBookingsAndReplaysItWithoutHoldingLukewarmMethodsInC1() throws Exception {
        assumeTrue(Stack.servicesPublished(), "bin/stack's own JVMs (the containers have their own entrypoint)");
        assumeTrue(!"0".equals(System.getenv("STACK_AOT")), "the stack was asked to run without AOT caches");
        Map<String, Long> pids = Stack.pids();
        assertThat(pids.keySet()).as("the JVMs bin/stack status lists")
                .containsAll(TRAINED_ON_BOOKINGS).contains("auth", "kafka");

        Map<String, Path> caches = new LinkedHashMap<>();
        for (Map.Entry<String, Long> jvm : pids.entrySet()) {
            String flags = jcmd(jvm.getValue(), "VM.flags");
            assertThat(flags).as("%s's JVM flags", jvm.getKey())
                    .contains("-XX:Tier0ProfileDelayFactor=1.000000")
                    .contains("-XX:Tier2ProfileDelayFactor=1.000000");
            Matcher cache = CACHE.matcher(flags);
            assertThat(cache.find()).as("%s runs from an AOT cache: %s", jvm.getKey(), flags).isTrue();
            caches.put(jvm.getKey(), Path.of(cache.group(1)));
        }

        // The PostgreSQL round starts from the same caches (trained once per build, on the embedded databases), so
        // their contents are read in the first round only. The listing is ~200,000 lines and ~10 s of CPU per cache.
        if (Postgres.isThisRound()) {
            return;
        }
        try (ExecutorService listing = Executors.newFixedThreadPool(2)) {
            List<Future<Void>> checks = new ArrayList<>();
            for (String service : TRAINED_ON_BOOKINGS) {
                Path cache = caches.get(service);
                checks.add(listing.submit(() -> {
                    assertTrainedOnBookings(service, cache);
                    return null;
                }));
            }
            for (Future<Void> check : checks) {
                check.get();
            }
        }
    }

    /**
     * Asks the JVM to list the cache's training data ({@code -XX:+AOTPrintTrainingInfo}): one entry per method the
     * training made hot, with {@code mdo=} the address of its recorded profile, or {@code (nil)} for none. A cache
     * trained on the context's refresh alone names none of the service's own methods (reservation's, checked by
     * hand); the training's bookings make dozens of them hot. Which ones carry a profile depends on how hot a few
     * seconds of training made them, so no single method is asked for: some of our code must have one.
     */
    private static void assertTrainedOnBookings(String service, Path cache) throws Exception {
        Path jar = cache.resolveSibling(service + ".jar");
        String listing = Commands.run(Duration.ofMinutes(2), List.of(java().toString(),
                "-XX:+UnlockDiagnosticVMOptions", "-XX:AOTCache=" + cache, "-XX:+AOTPrintTrainingInfo",
                "-cp", jar.toString(), "-version")).succeeded().output();
        List<String> ours = listing.lines().filter(line -> line.contains(" M healthcheck/")).toList();
        assertThat(ours).as("%s's cache has training data for its own methods", service)
                .anyMatch(entry -> entry.contains(" M healthcheck/" + service + "/"))
                .as("%s's cache holds recorded profiles of our code", service)
                .anyMatch(entry -> entry.matches(".* mdo=0x[0-9a-f]+.*"));
    }

    private static String jcmd(long pid, String command) {
        return Commands.run(Duration.ofMinutes(2), List.of(java().resolveSibling("jcmd").toString(),
                Long.toString(pid), command))
                .succeeded().output();
    }

    private static Path java() {
        return Path.of(ProcessHandle.current().info().command().orElseThrow());
    }
}
