package healthcheck.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * A stack that is still warming up must not stop for its JIT's sake. The serial collector bin/stack runs unloads
 * compiled code only in a full, stop-the-world collection, and the JDK asks for one whenever the JIT has written 15 %
 * of the code cache (~30-36 MB of 240 MB) since the last: 3-6 minutes into a rush on a fresh stack, reservation,
 * schedule and customercenter each stopped for 0.3-0.95 s (docs/benchmarks.md, thirty-first session), and MyPage's
 * and the bookings' worst answers were those pauses. bin/stack raises the threshold (-XX:SweeperThreshold); the code
 * cache still gets its collection if it runs low (10 % free). Read after the load drills, from every JVM's GC log
 * (each start of a component rotates the last one aside): no collection had the code cache for its cause.
 */
@Order(11)
class CodeCacheCollectionsIT {

    @Test
    void noJvmStopsTheWorldToUnloadCompiledCodeWhileTheStackWarmsUp() throws IOException {
        assumeTrue(Stack.servicesPublished(), "bin/stack's own JVMs (the containers have their own entrypoint)");
        List<Path> logs = Stack.gcLogs();
        Set<String> logged = logs.stream()
                .map(log -> log.getFileName().toString().replaceFirst("-gc\\.log(\\.\\d+)?$", ""))
                .collect(Collectors.toSet());
        assertThat(logged).as("the JVMs with a GC log, %s", logs).containsAll(Stack.pids().keySet());

        List<String> collections = new ArrayList<>();
        List<String> forTheCodeCache = new ArrayList<>();
        for (Path log : logs) {
            try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
                lines.filter(line -> line.contains(" Pause ")).forEach(line -> {
                    collections.add(line);
                    if (line.contains("CodeCache GC")) {
                        forTheCodeCache.add(log.getFileName() + ": " + line);
                    }
                });
            }
        }
        assertThat(collections).as("collections logged while the drills booked").isNotEmpty();
        assertThat(forTheCodeCache).as("collections for the code cache's sake").isEmpty();
    }
}
