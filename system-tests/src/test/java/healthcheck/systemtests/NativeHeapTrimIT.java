package healthcheck.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Between rushes the stack gives back the native memory its JVMs have freed. glibc keeps what a JVM's threads free
 * (the JIT's compiler arenas most) for reuse, so after the load drills each service held 16-37 MB it was not using,
 * counted in its RSS (docs/benchmarks.md, thirty-fifth session); bin/stack runs every JVM with
 * -XX:TrimNativeHeapInterval, which hands it back every 5 s. Read after the load drills: once every JVM has been
 * quiet for two intervals, asking each to trim (jcmd's System.trim_native_heap, which reports what it freed) finds
 * little left to free: 0-3 MB each, against 16-34 MB without the periodic trim. Quiet each, not together: a JVM
 * still compiling what the drills ran frees a compiler arena of 20 MB at once, and a trim asked for in the seconds
 * before its next periodic one found it there (schedule, 19.5 MB, while the seven together spent under a quarter of
 * a core).
 */
@Order(11)
class NativeHeapTrimIT {

    private static final Duration TWO_INTERVALS = Duration.ofSeconds(12);
    private static final long LEFT_TO_FREE_BOUND_KB = 10 * 1024;
    /**
     * An idle stack's seven JVMs spend ~0.12 CPU-s a second together, none more than a few hundredths; catching up
     * after a drill, compiling, a core or more.
     */
    private static final double QUIET_CPU_SECONDS_PER_SECOND = 0.08;
    private static final long CLOCK_TICKS_PER_SECOND = 100;
    /** e.g. "Trim native heap: RSS+Swap: 465M->432M (-34248K)"; an RSS that grew shows "(+12K)". */
    private static final Pattern TRIMMED = Pattern.compile("RSS\\+Swap: \\S+->\\S+ \\(([-+])(\\d+)([BKMG]?)\\)");

    @Test
    void aQuietStacksJvmsHoldNoFreedNativeMemory() throws InterruptedException {
        assumeTrue(Stack.servicesPublished(), "bin/stack's own JVMs (the containers have their own entrypoint)");
        Map<String, Long> pids = Stack.pids();
        assertThat(pids.keySet()).as("the JVMs bin/stack status lists").contains("kafka", "auth", "gateway");
        awaitEachQuietThroughout(pids, TWO_INTERVALS);

        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        Map<String, Long> freedKb = new TreeMap<>();
        for (Map.Entry<String, Long> jvm : pids.entrySet()) {
            String printed = Commands.run(Duration.ofSeconds(60),
                    List.of(jcmd, Long.toString(jvm.getValue()), "System.trim_native_heap")).succeeded().output();
            Matcher trimmed = TRIMMED.matcher(printed);
            assertThat(trimmed.find()).as("%s's answer to a trim: %s", jvm.getKey(), printed).isTrue();
            freedKb.put(jvm.getKey(), trimmed.group(1).equals("-") ? kilobytes(trimmed.group(2), trimmed.group(3)) : 0);
        }
        System.out.printf("native memory a requested trim freed, KB: %s%n", freedKb);
        assertThat(freedKb).as("KB each JVM still held freed, %s after the stack went quiet", TWO_INTERVALS)
                .allSatisfy((component, kb) -> assertThat(kb).as(component).isLessThan(LEFT_TO_FREE_BOUND_KB));
    }

    /**
     * Waits (three minutes at most) for a window of {@code window} in which every JVM spent little CPU: a JVM still
     * catching up frees and reuses native memory all the time, so what it holds freed would say nothing about the
     * periodic trim. Past the deadline the trims are asked for anyway, and the assertion says what they found.
     */
    private static void awaitEachQuietThroughout(Map<String, Long> pids, Duration window)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            Map<String, Long> before = cpuTicks(pids);
            Thread.sleep(window);
            Map<String, Long> after = cpuTicks(pids);
            Map<String, Double> busy = new TreeMap<>();
            after.forEach((name, ticks) -> {
                double cpuSecondsPerSecond = (ticks - before.getOrDefault(name, ticks)) / (double) CLOCK_TICKS_PER_SECOND
                        / window.toSeconds();
                if (cpuSecondsPerSecond >= QUIET_CPU_SECONDS_PER_SECOND) {
                    busy.put(name, cpuSecondsPerSecond);
                }
            });
            if (busy.isEmpty()) {
                return;
            }
            System.out.printf("not quiet yet, CPU-s a second: %s%n", busy);
        }
    }

    /** User and system CPU time of each process so far, in clock ticks (fields 14 and 15 of proc(5)'s stat). */
    private static Map<String, Long> cpuTicks(Map<String, Long> pids) {
        Map<String, Long> ticks = new TreeMap<>();
        pids.forEach((name, pid) -> {
            try {
                ProcStat stat = ProcStat.read(Path.of("/proc", Long.toString(pid), "stat"));
                ticks.put(name, stat.field(14) + stat.field(15));
            } catch (IOException gone) {
                // a JVM that has exited spends nothing; the trim below reports it
            }
        });
        return ticks;
    }

    private static long kilobytes(String amount, String unit) {
        long value = Long.parseLong(amount);
        return switch (unit) {
            case "G" -> value * 1024 * 1024;
            case "M" -> value * 1024;
            case "K" -> value;
            default -> value / 1024;
        };
    }
}
