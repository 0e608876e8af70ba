import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures, against a running stack (bin/stack start), what the spec promises about speed:
 *  1. booking latency and throughput through the gateway with concurrent customers;
 *  2. how fast a booking is refused (503) while schedule is stopped, directly at reservation and via the gateway;
 *  3. the same once the circuit is open.
 * Run with bin/bench; it stops and restarts schedule through bin/stack itself.
 */
public class Bench {

    static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final AtomicLong IDS = new AtomicLong(System.currentTimeMillis() % 1_000_000_000L * 1_000 + 500_000_000_000L);
    static final String GATEWAY = "http://127.0.0.1:" + env("GATEWAY_PORT", "8088");
    static final String RESERVATION = "http://127.0.0.1:" + env("RESERVATION_PORT", "8082");

    public static void main(String[] args) throws Exception {
        int customers = Integer.parseInt(env("BENCH_CUSTOMERS", "20"));
        int bookings = Integer.parseInt(env("BENCH_BOOKINGS", "2000"));

        long warmSchedule = IDS.incrementAndGet();
        post(GATEWAY + "/schedules", "{\"scheduleId\":%d,\"availableCount\":100000}".formatted(warmSchedule));
        run("warm-up (discarded)", customers, 300, warmSchedule, GATEWAY);

        long scheduleId = IDS.incrementAndGet();
        post(GATEWAY + "/schedules", "{\"scheduleId\":%d,\"availableCount\":100000}".formatted(scheduleId));
        run("booking through the gateway", customers, bookings, scheduleId, GATEWAY);

        stack("stop", "schedule");
        try {
            refusals("schedule stopped: first refusals at reservation (refused)", RESERVATION, scheduleId, 20);
            refusals("schedule stopped: circuit open, at reservation", RESERVATION, scheduleId, 500);
            refusals("schedule stopped: circuit open, through the gateway", GATEWAY, scheduleId, 500);
        } finally {
            stack("start", "schedule");
        }
    }

    static void run(String label, int customers, int total, long scheduleId, String base) throws Exception {
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        java.util.Map<Integer, AtomicLong> answers = new java.util.concurrent.ConcurrentSkipListMap<>();
        long started = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(customers)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < total; i++) {
                futures.add(pool.submit(() -> {
                    long t0 = System.nanoTime();
                    int status = post(base + "/reservations", "{\"reservationId\":%d,\"scheduleId\":%d,\"reservationCount\":1}"
                            .formatted(IDS.incrementAndGet(), scheduleId));
                    latencies.add(System.nanoTime() - t0);
                    answers.computeIfAbsent(status, any -> new AtomicLong()).incrementAndGet();
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("%-60s %5d requests, %d concurrent: %6.1f answers/s, %s, answers by status %s%n",
                label, total, customers, total / seconds, percentiles(latencies), answers);
    }

    static void refusals(String label, String base, long scheduleId, int count) {
        List<Long> latencies = new ArrayList<>();
        int refused = 0;
        for (int i = 0; i < count; i++) {
            long t0 = System.nanoTime();
            int status = post(base + "/reservations", "{\"reservationId\":%d,\"scheduleId\":%d,\"reservationCount\":1}"
                    .formatted(IDS.incrementAndGet(), scheduleId));
            latencies.add(System.nanoTime() - t0);
            if (status == 503) {
                refused++;
            }
        }
        System.out.printf("%-60s %5d requests: %d answered 503, %s%n", label, count, refused, percentiles(latencies));
    }

    static String percentiles(List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        return "p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms".formatted(at(sorted, 0.50), at(sorted, 0.95),
                at(sorted, 0.99), sorted.getLast() / 1e6);
    }

    static double at(List<Long> sorted, double q) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1)) / 1e6;
    }

    static int post(String url, String json) {
        try {
            return CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    static void stack(String command, String component) throws Exception {
        Process process = new ProcessBuilder("bash", "bin/stack", command, component).inheritIO().start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException("bin/stack " + command + " " + component + " failed");
        }
    }

    static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
