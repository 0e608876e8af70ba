package healthcheck.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Who gets the cores when a rush saturates the machine, as bin/stack runs the JVMs: only the mailings (delivery) are
 * lowered. MyPage (customercenter) and Kafka, which carries every event to it, run at normal priority beside the
 * booking path: niced with delivery, they left MyPage 0.98-1.05 s (p99) behind a booking's 201 at the peak, against
 * 0.29-0.32 s at normal priority (docs/benchmarks.md, thirtieth session). How far behind is the benchmark's to show;
 * this keeps what lets it.
 */
@Order(1)
class CpuPriorityIT {

    @Test
    void onlyTheMailingsRunAtALowerCpuPriorityAndMyPageAndKafkaKeepTheBookingPathsOwn() throws Exception {
        assumeTrue(Stack.servicesPublished(), "bin/stack's own JVMs (the containers have their own entrypoint)");
        int lowered = Integer.parseInt(System.getenv().getOrDefault("STACK_BACKGROUND_NICE", "10"));
        Map<String, Long> pids = Stack.pids();
        assertThat(pids.keySet()).as("the JVMs bin/stack status lists")
                .contains("kafka", "auth", "gateway")
                .anyMatch(name -> name.startsWith("customercenter"))
                .anyMatch(name -> name.startsWith("delivery"));

        Map<String, Map<Integer, Integer>> niceByComponent = new TreeMap<>();
        for (Map.Entry<String, Long> jvm : pids.entrySet()) {
            niceByComponent.put(jvm.getKey(), threadsByNice(jvm.getValue()));
        }
        niceByComponent.forEach((component, threadsByNice) -> {
            int expected = component.startsWith("delivery") ? lowered : 0;
            assertThat(threadsByNice.keySet())
                    .as("%s's threads by nice value: %s", component, threadsByNice)
                    .containsExactly(expected);
        });
    }

    /** How many of the process's threads run at each nice value, read from /proc/PID/task/TID/stat. */
    private static Map<Integer, Integer> threadsByNice(long pid) throws IOException {
        Map<Integer, Integer> threadsByNice = new LinkedHashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                ProcStat stat;
                try {
                    stat = ProcStat.read(task.resolve("stat"));
                } catch (IOException threadEnded) {
                    continue;
                }
                threadsByNice.merge((int) stat.field(19), 1, Integer::sum);
            }
        }
        return threadsByNice;
    }
}
