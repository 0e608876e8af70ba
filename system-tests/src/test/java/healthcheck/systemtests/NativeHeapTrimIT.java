package healthcheck.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
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
 * -XX:TrimNativeHeapInterval, which hands it back every 5 s. Read after the load drills: once the stack is quiet
 * and two intervals have passed, asking each JVM to trim (jcmd's System.trim_native_heap, which reports what it
 * freed) finds little left to free: 0-3 MB each, against 16-34 MB without the periodic trim.
 */
@Order(11)
class NativeHeapTrimIT {

    private static final Duration TWO_INTERVALS = Duration.ofSeconds(12);
    private static final long LEFT_TO_FREE_BOUND_KB = 10 * 1024;
    /** An idle stack's seven JVMs spend ~0.12 CPU-s a second together; catching up after a drill, a core or more. */
    private static final double QUIET_CPU_SECONDS_PER_SECOND = 0.25;
    private static final long CLOCK_TICKS_PER_SECOND = 100;
    /** e.g. "Trim native heap: RSS+Swap: 465M->432M (-34248K)"; an RSS that grew shows "(+12K)". */
    private static final Pattern TRIMMED = Pattern.compile("RSS\\+Swap: \\S+->\\S+ \\(([-+])(\\d+)([BKMG]?)\\)");

    @Test
    void aQuietStacksJvmsHoldNoFreedNativeMemory() throws InterruptedException {
        assumeTrue(Stack.servicesPublished(), "bin/stack's own JVMs (the containers have their own entrypoint)");
        Map<String, Long> pids = Stack.pids();
        assertThat(pids.keySet()).as("the JVMs bin/stack status lists").contains("kafka", "auth", "gateway");
        awaitQuiet(pids.values());
        Thread.sleep(TWO_INTERVALS);

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
     * Waits (a minute at most) until the JVMs together spend little CPU: a JVM still catching up frees and reuses
     * native memory all the time, so what it holds freed would say nothing about the trim.
     */
    private static void awaitQuiet(Collection<Long> pids) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        long before = cpuTicks(pids);
        while (System.nanoTime() < deadline) {
            Thread.sleep(Duration.ofSeconds(2));
            long now = cpuTicks(pids);
            double cpuSecondsPerSecond = (now - before) / (double) CLOCK_TICKS_PER_SECOND / 2;
            before = now;
            if (cpuSecondsPerSecond < QUIET_CPU_SECONDS_PER_SECOND) {
                return;
            }
            System.out.printf("stack not quiet yet: %.2f CPU-s a second%n", cpuSecondsPerSecond);
        }
    }

    /** User and system CPU time of these processes so far, in clock ticks (fields 14 and 15 of proc(5)'s stat). */
    private static long cpuTicks(Collection<Long> pids) {
        long ticks = 0;
        for (long pid : pids) {
            try {
                ProcStat stat = ProcStat.read(Path.of("/proc", Long.toString(pid), "stat"));
                ticks += stat.field(14) + stat.field(15);
            } catch (IOException gone) {
                // a JVM that has exited spends nothing; the trim below reports it
            }
        }
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
