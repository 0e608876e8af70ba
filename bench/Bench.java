import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The booking-rush benchmark, against a running stack (bin/stack start): warm-up, peak through the gateway and
 * directly at reservation, MyPage lag at peak and the drain after it, several hundred clients of overload, a rush on
 * a small schedule, a service restart, and refusals with schedule stopped; CPU per booking and RSS per component
 * from /proc. Prints one table and leaves it, with the raw numbers, in .stack/bench/latest.
 * <p>
 * Closed-model clients on virtual threads with the JDK's HTTP client: every client books again as soon as it has its
 * answer, which is what "customers booking without pause" means, and the harness costs little enough CPU on a
 * machine it shares with the stack (its own CPU is reported in the table too).
 * <p>
 * Modes: {@code full} (default), {@code smoke} (seconds long, for CI: that it works, not how fast; exits non-zero on
 * a wrong answer), {@code train} (the load bin/stack drives through a scratch stack to train the AOT caches).
 */
public class Bench {

    static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final AtomicLong IDS = new AtomicLong(System.currentTimeMillis() % 1_000_000_000L * 1_000 + 500_000_000_000L);
    static final String GATEWAY = "http://127.0.0.1:" + env("GATEWAY_PORT", "8088");
    static final String RESERVATION = "http://127.0.0.1:" + env("RESERVATION_PORT", "8082");
    static final Path STACK_DIR = Path.of(env("HEALTHCHECK_STACK_DIR", ".stack")).toAbsolutePath();

    static final List<Row> ROWS = new ArrayList<>();
    static final List<String> NOTES = new ArrayList<>();
    static final List<String> PROBLEMS = new ArrayList<>();
    static final List<String> BROKEN = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        String mode = args.length == 0 ? "full" : args[0];
        switch (mode) {
            case "train" -> train();
            case "smoke" -> benchmark(Plan.SMOKE);
            case "full" -> benchmark(Plan.FULL);
            case "peak" -> peakOnly(args.length > 1 ? Integer.parseInt(args[1]) : 20);
            case "overload" -> overloadOnly(args.length > 1 ? Integer.parseInt(args[1]) : 400,
                    args.length > 2 ? Integer.parseInt(args[2]) : 20);
            case "dbwork" -> databaseWork(args.length > 1 ? Integer.parseInt(args[1]) : 500);
            case "share" -> shareOnly(args.length > 1 ? Integer.parseInt(args[1]) : 2,
                    args.length > 2 ? Integer.parseInt(args[2]) : 10);
            case "forward" -> forwardOnly(args.length > 1 ? Integer.parseInt(args[1]) : 20);
            case "soldout" -> soldOutOnly(args.length > 1 ? Integer.parseInt(args[1]) : 16,
                    args.length > 2 ? Integer.parseInt(args[2]) : 20);
            case "rush" -> rushOnly(args.length > 1 ? Integer.parseInt(args[1]) : 500,
                    args.length > 2 ? Integer.parseInt(args[2]) : 50);
            default -> throw new IllegalArgumentException("usage: Bench [full|smoke|train|peak [seconds]|overload [clients] [seconds]|dbwork [bookings]|share [rounds] [seconds]|forward [seconds]|rush [customers] [places]|soldout [clients] [seconds]]");
        }
    }

    /** How long and how many: the full benchmark and its seconds-long smoke. */
    record Plan(String name, int warmupSeconds, int peakClients, int peakSeconds, int overloadClients,
                int overloadSeconds, int rushClients, int rushPlaces, boolean drills) {
        static final Plan FULL = new Plan("full", 240, 32, 20, 400, 20, 500, 50, true);
        static final Plan SMOKE = new Plan("smoke", 2, 8, 3, 100, 3, 100, 10, false);
    }

    static void benchmark(Plan plan) throws Exception {
        System.out.printf("bin/bench %s against %s (reservation directly at %s)%n", plan.name(), GATEWAY, RESERVATION);
        long big = newSchedule(100_000);
        warmUp(plan.peakClients(), Math.min(plan.warmupSeconds(), 9), big);
        warmUpLonger(plan.peakClients(), plan.warmupSeconds());

        long[] dbBefore = DatabaseWork.snapshot();
        RssSampler rss = RssSampler.start();
        BothWays peakBothWays = BothWays.measure(plan.peakClients(), PEAK_WINDOWS, plan.peakSeconds() / PEAK_WINDOWS,
                big, newSchedule(100_000), true);
        rss.stop();
        Result peak = peakBothWays.gateway();
        drain(peak);
        DatabaseWork.note(dbBefore, DatabaseWork.snapshot(), peak.count(201) + peakBothWays.direct().count(201));
        NOTES.add(peakBothWays.share());
        if (peak.lags.size() > 0) {
            NOTES.add("MyPage shows a booking %s after its 201 (at peak, %d samples)"
                    .formatted(percentiles(peak.lags), peak.lags.size()));
        }

        Result overload = load("overload through the gateway", GATEWAY, plan.overloadClients(),
                plan.overloadSeconds(), newSchedule(100_000), false);
        NOTES.add("overload goodput = %.0f %% of peak; refusals (503) %s"
                .formatted(peak.count(201) == 0 ? 0.0 : 100.0 * overload.bookingsPerSecond() / peak.bookingsPerSecond(),
                        overload.latencies.containsKey(503) ? percentiles(overload.latencies.get(503)) : "none"));
        expectOnly(overload, 201, 503);

        rush(plan.rushClients(), plan.rushPlaces());

        if (plan.drills()) {
            restart("reservation");
            scheduleStopped(big);
        }
        lastStackStart();
        report(plan, peakBothWays.gatewayCpu(), peak, rss);
        if (!PROBLEMS.isEmpty()) {
            System.out.println("\nWRONG ANSWERS:");
            PROBLEMS.forEach(p -> System.out.println("  " + p));
        }
        // A circuit open for a few seconds can leave one short scenario without a booking; nothing booked in any of
        // them means the system or the harness is broken.
        if (ROWS.stream().filter(row -> !row.scenario().startsWith("warm")).noneMatch(row -> row.statuses()
                .getOrDefault(201, 0) > 0)) {
            BROKEN.add("no scenario booked anything");
        }
        // The smoke (CI) fails only when the system or the harness is broken; the full benchmark on any wrong answer
        // (issue 7's rush and overload guarantees are not met on two cores yet: the README says where they stand).
        if (!BROKEN.isEmpty() || (plan == Plan.FULL && !PROBLEMS.isEmpty())) {
            BROKEN.forEach(p -> System.out.println("BROKEN: " + p));
            System.exit(1);
        }
    }

    /**
     * The peak alone (32 clients booking without pause through the gateway on a fresh schedule) with the harness's
     * own CPU per booking: what bench/gatling's simulation does, so the two load generators can be run back to back
     * on the same warm stack and compared.
     */
    static void peakOnly(int seconds) throws Exception {
        Components.warnIfStillCompiling();
        RssSampler rss = RssSampler.start();
        Result peak = withCpuPerBooking("peak through the gateway", 32, seconds, true);
        rss.stop();
        System.out.printf("MyPage shows a booking %s ms (p50 / p99 / max) after its 201 (%d samples)%n",
                percentiles(peak.lags), peak.lags.size());
        System.out.println("RSS max (MB): " + new TreeMap<>(rss.max).entrySet().stream()
                .map(e -> "%s %.0f".formatted(e.getKey(), e.getValue() / 1024.0))
                .collect(java.util.stream.Collectors.joining(", ")));
        GcPauses.during(rss).forEach((name, gc) -> System.out.printf("  %-20s %s%n", name, gc));
    }

    /**
     * The peak (32 clients) and then {@code clients} clients of overload, each for {@code seconds} through the
     * gateway, with the CPU per booking of each phase: what goodput and refusals do under the admission settings the
     * running stack was started with (BOOKING_CONCURRENCY, BOOKING_QUEUE, BOOKING_MAX_WAIT), so settings can be
     * compared on one warm stack.
     */
    static void overloadOnly(int clients, int seconds) throws Exception {
        Components.warnIfStillCompiling();
        Result peak = withCpuPerBooking("peak through the gateway", 32, seconds);
        Result overload = withCpuPerBooking("overload through the gateway", clients, seconds);
        System.out.printf("overload goodput = %.0f %% of peak; %d refusals (503), %.0f/s, %s%n",
                peak.count(201) == 0 ? 0.0 : 100.0 * overload.bookingsPerSecond() / peak.bookingsPerSecond(),
                overload.count(503), overload.count(503) / overload.seconds,
                overload.latencies.containsKey(503) ? percentiles(overload.latencies.get(503)) : "-");
    }

    /**
     * The gateway's share alone: {@code rounds} rounds of the peak, each a window through the gateway and one
     * directly at reservation ({@code seconds} each, in the alternating order of {@link BothWays}), with each way's
     * CPU per booking by component. An even number of rounds, so neither way gets the later windows.
     */
    static void shareOnly(int rounds, int seconds) throws Exception {
        Components.warnIfStillCompiling();
        BothWays both = BothWays.measure(32, rounds, seconds, newSchedule(100_000), newSchedule(100_000), false);
        System.out.println(both.share());
        both.printCpuPerBooking();
    }

    /**
     * The gateway's own cost of a forward, apart from the booking path's: 16 customers each reading one schedule
     * through it without pause for {@code seconds}, and the gateway's CPU per answer. A read costs schedule little,
     * so the gateway's share of the two cores is large and its CPU per forward changes little with the machine's
     * load; comparing gateway builds with it is steadier than comparing shares of bookings.
     */
    static void forwardOnly(int seconds) throws Exception {
        Components.warnIfStillCompiling();
        String url = GATEWAY + "/schedules/" + newSchedule(10);
        HttpRequest read = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token("alice")).build();
        AtomicLong answered = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long until = System.nanoTime() + seconds * 1_000_000_000L;
        Map<String, long[]> before = Components.cpuTicks();
        long started = System.nanoTime();
        try (ExecutorService customers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int customer = 0; customer < 16; customer++) {
                customers.submit(() -> {
                    while (System.nanoTime() < until) {
                        try {
                            int status = CLIENT.send(read, HttpResponse.BodyHandlers.discarding()).statusCode();
                            (status == 200 ? answered : failed).incrementAndGet();
                        } catch (IOException e) {
                            failed.incrementAndGet();
                        }
                    }
                    return null;
                });
            }
        }
        double wall = (System.nanoTime() - started) / 1e9;
        long gatewayTicks = Components.cpuTicks().get("gateway")[0] - before.get("gateway")[0];
        System.out.printf("  a schedule read through the gateway: %.0f answers/s (%d others), gateway %.3f ms CPU"
                + " per forward%n", answered.get() / wall, failed.get(), gatewayTicks * 10.0 / Math.max(1, answered.get()));
    }

    /** The peak's rounds: each round is one window through the gateway and one directly, of half the peak's time. */
    static final int PEAK_WINDOWS = 2;

    /**
     * The peak through the gateway and directly at reservation, in alternating windows. Measured one after the other,
     * the second way ran on JVMs still compiling the booking path for the first: on a stack four minutes into its
     * warm-up the later way gained from that alone. Alternating puts both ways on the same curve. With
     * {@code sampleLag} both ways carry the same MyPage sampler, so neither carries load the other does not.
     */
    record BothWays(Result gateway, Result direct, Map<String, Long> gatewayCpu, Map<String, Long> directCpu) {

        static BothWays measure(int clients, int rounds, int seconds, long gatewaySchedule, long directSchedule,
                                boolean sampleLag) throws Exception {
            List<Result> gateway = new ArrayList<>();
            List<Result> direct = new ArrayList<>();
            Map<String, Long> gatewayCpu = new TreeMap<>();
            Map<String, Long> directCpu = new TreeMap<>();
            for (int round = 1; round <= rounds; round++) {
                String of = rounds == 1 ? "" : " (%d of %d)".formatted(round, rounds);
                Callable<Result> viaGateway = () -> cpuCounted(gatewayCpu, () -> load("peak through the gateway" + of,
                        GATEWAY, clients, seconds, gatewaySchedule, sampleLag));
                Callable<Result> directly = () -> cpuCounted(directCpu, () -> load("peak directly at reservation" + of,
                        RESERVATION, clients, seconds, directSchedule, sampleLag));
                // gateway first in odd rounds, directly first in even ones: over two rounds a steady warm-up gives
                // neither way the later windows
                boolean gatewayFirst = round % 2 == 1;
                (gatewayFirst ? gateway : direct).add((gatewayFirst ? viaGateway : directly).call());
                (gatewayFirst ? direct : gateway).add((gatewayFirst ? directly : viaGateway).call());
            }
            return new BothWays(Result.merged("peak through the gateway", gateway),
                    Result.merged("peak directly at reservation", direct), gatewayCpu, directCpu);
        }

        private static Result cpuCounted(Map<String, Long> ticks, Callable<Result> loading) throws Exception {
            Map<String, long[]> before = Components.cpuTicks();
            Result result = loading.call();
            Components.cpuTicks().forEach((name, after) -> {
                if (before.containsKey(name)) {
                    ticks.merge(name, after[0] - before.get(name)[0], Long::sum);
                }
            });
            return result;
        }

        String share() {
            return direct.count(201) == 0 ? "gateway share: nothing was booked directly at reservation"
                    : ("gateway throughput = %.0f %% of booking directly at reservation (%.1f / %.1f bookings/s,"
                    + " alternating windows in the same run; a booking's latency p50 / p99 / max %s and %s ms)").formatted(
                    100.0 * gateway.bookingsPerSecond() / direct.bookingsPerSecond(), gateway.bookingsPerSecond(),
                    direct.bookingsPerSecond(), percentiles(gateway.latencies.getOrDefault(201, List.of())),
                    percentiles(direct.latencies.getOrDefault(201, List.of())));
        }

        void printCpuPerBooking() {
            System.out.printf("  %-20s %12s %12s%n", "CPU ms per booking", "gateway", "direct");
            double gatewayTotal = 0;
            double directTotal = 0;
            for (String name : gatewayCpu.keySet()) {
                double viaGateway = gatewayCpu.get(name) * 10.0 / Math.max(1, gateway.count(201));
                double directly = directCpu.getOrDefault(name, 0L) * 10.0 / Math.max(1, direct.count(201));
                gatewayTotal += viaGateway;
                directTotal += directly;
                System.out.printf("  %-20s %12.2f %12.2f%n", name, viaGateway, directly);
            }
            System.out.printf("  %-20s %12.2f %12.2f%n", "all", gatewayTotal, directTotal);
        }
    }

    private static Result withCpuPerBooking(String label, int clients, int seconds) throws Exception {
        return withCpuPerBooking(label, clients, seconds, false);
    }

    private static Result withCpuPerBooking(String label, int clients, int seconds, boolean sampleLag)
            throws Exception {
        long schedule = newSchedule(100_000);
        Map<String, long[]> cpuBefore = Components.cpuTicks();
        Result result = load(label, GATEWAY, clients, seconds, schedule, sampleLag);
        printPer("booking", result.count(201), cpuBefore, Components.cpuTicks());
        return result;
    }

    /** Each component's CPU and disk writes between two {@link Components#cpuTicks()} readings, per {@code unit}. */
    static void printPer(String unit, long units, Map<String, long[]> cpuBefore, Map<String, long[]> cpuAfter) {
        if (units <= 0) {
            return;
        }
        new TreeMap<>(cpuAfter).forEach((name, after) -> {
            long[] before = cpuBefore.get(name);
            if (before != null) {
                System.out.printf("  %-20s %6.2f ms CPU per %s %7.1f KB written to disk%n", name,
                        (after[0] - before[0]) * 10.0 / units, unit, (after[1] - before[1]) / 1024.0 / units);
            }
        });
    }

    /** Prints the wrong answers and exits non-zero, if there were any. */
    static void exitOnWrongAnswers() {
        if (!PROBLEMS.isEmpty()) {
            PROBLEMS.forEach(p -> System.out.println("WRONG: " + p));
            System.exit(1);
        }
    }

    /**
     * PostgreSQL's own count of the work a booking causes across all services, from its first request until it is
     * on MyPage with its mailing: {@code bookings} bookings by 4 clients through the gateway, then until the last
     * one is on MyPage, less what the stack does idle (outbox and sweeper polls) over as long. It uses only the
     * public API, so it measures any version of the stack (the numbers before and after issue 7's changes).
     */
    static void databaseWork(int bookings) throws Exception {
        if (!DatabaseWork.onPostgres()) {
            throw new IllegalStateException("dbwork needs a stack started with --postgres");
        }
        long schedule = newSchedule(100_000);
        long[] idleBefore = DatabaseWork.snapshot();
        long idleStarted = System.nanoTime();
        Thread.sleep(10_000);
        long[] idleAfter = DatabaseWork.snapshot();
        double idleSeconds = (System.nanoTime() - idleStarted) / 1e9;

        long[] before = DatabaseWork.snapshot();
        long started = System.nanoTime();
        String body = "{\"scheduleId\":%d,\"reservationCount\":1}".formatted(schedule);
        java.util.concurrent.atomic.AtomicInteger left = new java.util.concurrent.atomic.AtomicInteger(bookings);
        java.util.concurrent.atomic.AtomicInteger booked = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicReference<String> last = new java.util.concurrent.atomic.AtomicReference<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < 4; c++) {
                pool.submit(() -> {
                    while (left.getAndDecrement() > 0) {
                        Answer answer = send("POST", GATEWAY + "/reservations", body);
                        if (answer.status() == 201) {
                            booked.incrementAndGet();
                            last.set(answer.location());
                        }
                    }
                    return null;
                });
            }
        }
        if (last.get() == null) {
            throw new IllegalStateException("nothing was booked");
        }
        String page = GATEWAY + last.get().replace("/reservations/", "/myPages/");
        // polled slowly: each poll is itself a transaction at customercenter
        long polling = System.nanoTime();
        while (!send("GET", page, null).body().contains("MAILING_REQUESTED")) {
            if (System.nanoTime() - polling > Duration.ofSeconds(60).toNanos()) {
                throw new IllegalStateException("the last booking was not on MyPage with its mailing within 60 s: "
                        + last.get());
            }
            Thread.sleep(200);
        }
        Thread.sleep(2_000); // the last events of the bookings just before it
        long[] after = DatabaseWork.snapshot();
        double seconds = (System.nanoTime() - started) / 1e9;
        String[] names = {"transactions", "table scans", "rows inserted", "rows updated", "rows deleted"};
        System.out.printf("%d bookings of %d asked, %.1f s until the last was on MyPage; PostgreSQL per booking:%n",
                booked.get(), bookings, seconds);
        for (int i = 0; i < names.length; i++) {
            double idlePerSecond = (idleAfter[i] - idleBefore[i]) / idleSeconds;
            System.out.printf("  %-14s %6.2f  (idle %.1f/s subtracted: %.2f per booking)%n", names[i],
                    (after[i] - before[i] - idlePerSecond * seconds) / booked.get(), idlePerSecond,
                    idlePerSecond * seconds / booked.get());
        }
    }

    static final int TRAINING_BOOKINGS = 1_500;
    static final int TRAINING_ROUNDS = 6;

    /** What bin/stack drives through a scratch stack so each JVM's AOT cache holds the booking path's classes and profiles. */
    static void train() throws Exception {
        long schedule = newSchedule(100_000);
        warmUp(32, 9, schedule);
        // Counted in bookings, not seconds: the cache keeps a method's profile only if the training made it hot, and
        // 15 s on a slow day were ~340 bookings, after which the gateway's cache held a profile of none of its own
        // code (a CI run); on a fast machine the first round alone is past the mark.
        Result trained = load("training", GATEWAY, 32, 15, schedule, true);
        long booked = trained.count(201);
        for (int round = 2; booked < TRAINING_BOOKINGS && round <= TRAINING_ROUNDS; round++) {
            booked += load("training, round %d".formatted(round), GATEWAY, 32, 15, schedule, false).count(201);
        }
        rush(100, 10);
        long cancelled = 0;
        for (String location : trained.locations.stream().limit(200).toList()) {
            if (send("DELETE", GATEWAY + location, null).status() == 200) {
                cancelled++;
            }
            send("GET", GATEWAY + location.replace("/reservations/", "/myPages/"), null);
            send("GET", GATEWAY + "/deliveries?reservationId=" + location.substring(location.lastIndexOf('/') + 1), null);
        }
        send("GET", GATEWAY + "/schedules/" + schedule, null);
        // a page of each list, deep into the training's own bookings: the paged reads start warm too
        for (String list : List.of("/schedules?size=100", "/reservations?size=100&page=1",
                "/deliveries?size=100&page=1", "/myPages?size=100&page=1")) {
            send("GET", GATEWAY + list, null);
        }
        send("GET", GATEWAY + "/system/status", null);
        System.out.printf("training: %d bookings, %d cancelled%n", booked, cancelled);
        if (trained.count(201) == 0) {
            throw new IllegalStateException("training booked nothing: " + trained.statuses());
        }
    }

    /**
     * A quarter, a half, then all of the clients: JVMs that have only just started answer slowly, and the full crowd
     * at once would make their first calls to schedule time out, which is a cold start, not what is measured here.
     */
    static void warmUp(int clients, int seconds, long scheduleId) throws Exception {
        int step = Math.max(1, seconds / 3);
        for (int share : new int[] {4, 2, 1}) {
            load("warm-up, %d clients (not counted)".formatted(Math.max(1, clients / share)), GATEWAY,
                    Math.max(1, clients / share), step, scheduleId, false);
        }
    }

    /**
     * The JVMs compile their hot paths with C2 over the first minutes of traffic (two cores shared by six JVMs: about
     * four minutes until the booking path runs at full speed), so a peak measured right after the ramp measures the
     * compiler. This keeps the peak's load on for {@code seconds} in 10 s windows on fresh schedules, printed as
     * warm-up (the curve shows how the stack warms) and not counted.
     */
    static void warmUpLonger(int clients, int seconds) throws Exception {
        if (seconds < 20) {
            return;
        }
        for (int spent = 0; spent + 10 <= seconds; spent += 10) {
            load("warm-up, %d clients, after %d s (not counted)".formatted(clients, spent + 10), GATEWAY, clients,
                    10, newSchedule(100_000), false);
        }
        NOTES.add("warm-up: %d s of load before the peak".formatted(seconds));
    }

    // ---- load ----------------------------------------------------------------------------------------------------

    static final class Result {
        final String label;
        final int clients;
        final double seconds;
        final Map<Integer, List<Long>> latencies;
        final List<Long> lags;
        final List<String> locations;

        Result(String label, int clients, double seconds, Map<Integer, List<Long>> latencies, List<Long> lags,
               List<String> locations) {
            this.label = label;
            this.clients = clients;
            this.seconds = seconds;
            this.latencies = latencies;
            this.lags = lags;
            this.locations = locations;
        }

        /** Windows of one way as one result: their answers, lags and bookings over their summed time. */
        static Result merged(String label, List<Result> windows) {
            Map<Integer, List<Long>> latencies = new TreeMap<>();
            List<Long> lags = new ArrayList<>();
            List<String> locations = new ArrayList<>();
            for (Result window : windows) {
                window.latencies.forEach((status, list) ->
                        latencies.computeIfAbsent(status, any -> new ArrayList<>()).addAll(list));
                lags.addAll(window.lags);
                locations.addAll(window.locations);
            }
            return new Result(label, windows.getFirst().clients, windows.stream().mapToDouble(w -> w.seconds).sum(),
                    latencies, lags, locations);
        }

        long count(int status) {
            return latencies.getOrDefault(status, List.of()).size();
        }

        long total() {
            return latencies.values().stream().mapToLong(List::size).sum();
        }

        double bookingsPerSecond() {
            return count(201) / seconds;
        }

        Map<Integer, Integer> statuses() {
            Map<Integer, Integer> counts = new TreeMap<>();
            latencies.forEach((status, list) -> counts.put(status, list.size()));
            return counts;
        }

        List<Long> all() {
            List<Long> all = new ArrayList<>();
            latencies.values().forEach(all::addAll);
            return all;
        }
    }

    /**
     * {@code clients} customers, each booking one place again and again for {@code seconds}. With {@code sampleLag},
     * a sampler follows one fresh booking at a time until MyPage shows it.
     */
    static Result load(String label, String base, int clients, int seconds, long scheduleId, boolean sampleLag)
            throws Exception {
        Map<Integer, List<Long>> latencies = new java.util.concurrent.ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> locations = new ConcurrentLinkedQueue<>();
        List<Long> lags = java.util.Collections.synchronizedList(new ArrayList<>());
        String body = "{\"scheduleId\":%d,\"reservationCount\":1}".formatted(scheduleId);
        long started = System.nanoTime();
        long deadline = started + Duration.ofSeconds(seconds).toNanos();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < clients; c++) {
                pool.submit(() -> {
                    Map<Integer, List<Long>> mine = new TreeMap<>();
                    while (System.nanoTime() < deadline) {
                        long t0 = System.nanoTime();
                        Answer answer = send("POST", base + "/reservations", body);
                        mine.computeIfAbsent(answer.status(), any -> new ArrayList<>()).add(System.nanoTime() - t0);
                        if (answer.status() == 201 && answer.location() != null && locations.size() < 2_000) {
                            locations.add(answer.location());
                        }
                    }
                    mine.forEach((status, list) -> latencies.computeIfAbsent(status,
                            any -> java.util.Collections.synchronizedList(new ArrayList<>())).addAll(list));
                    return null;
                });
            }
            if (sampleLag) {
                pool.submit(() -> {
                    while (System.nanoTime() < deadline) {
                        long t0 = System.nanoTime();
                        Answer booked = send("POST", base + "/reservations", body);
                        long answered = System.nanoTime();
                        if (booked.status() == 201 && booked.location() != null) {
                            String page = GATEWAY + booked.location().replace("/reservations/", "/myPages/");
                            while (send("GET", page, null).status() != 200
                                    && System.nanoTime() - answered < Duration.ofSeconds(30).toNanos()) {
                                // 20 ms apart: fine enough for a 500 ms target, and at 5 ms the sampler's reads
                                // were a few hundred requests a second of load of their own
                                Thread.sleep(20);
                            }
                            lags.add(System.nanoTime() - answered);
                        }
                        Thread.sleep(Math.max(0, 200 - (System.nanoTime() - t0) / 1_000_000));
                    }
                    return null;
                });
            }
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        Result result = new Result(label, clients, elapsed, latencies, lags, new ArrayList<>(locations));
        ROWS.add(Row.of(result));
        System.out.printf("  %-34s %s%n", label, ROWS.getLast().brief());
        if (result.count(201) == 0 && !label.startsWith("warm") && !label.startsWith("sold out")) {
            PROBLEMS.add(label + ": no booking succeeded " + result.statuses());
        }
        return result;
    }

    /** After the peak: how long until the last booking made is on MyPage with its mailing (consumers caught up). */
    static void drain(Result peak) throws Exception {
        if (peak.locations.isEmpty()) {
            return;
        }
        String last = peak.locations.getLast();
        String page = GATEWAY + last.replace("/reservations/", "/myPages/");
        long t0 = System.nanoTime();
        while (!send("GET", page, null).body().contains("MAILING_REQUESTED")) {
            if (System.nanoTime() - t0 > Duration.ofSeconds(60).toNanos()) {
                PROBLEMS.add("the last booking of the peak was not on MyPage with its mailing within 60 s: " + last);
                return;
            }
            Thread.sleep(20);
        }
        NOTES.add("consumers caught up %.1f s after the peak ended (the last booking on MyPage with its mailing)"
                .formatted((System.nanoTime() - t0) / 1e9));
    }

    /**
     * The rush alone ({@code clients} customers at once on a new schedule of {@code places} places, one request each,
     * no retries), with when each kind of answer came: exits non-zero unless exactly {@code places} were booked and
     * every other customer was told the schedule is full.
     */
    static void rushOnly(int clients, int places) throws Exception {
        Components.warnIfStillCompiling();
        Rushed rushed = rush(clients, places);
        Result result = rushed.result();
        new TreeMap<>(result.latencies).forEach((status, nanos) -> System.out.printf(
                "  %d answered %s ms (p50 / p99 / max)%n", status, percentiles(nanos)));
        printPer("answer", result.total(), rushed.cpuBefore(), rushed.cpuAfter());
        exitOnWrongAnswers();
    }

    /**
     * Customers who come after a schedule is full: {@code clients} clients booking without pause on a schedule whose
     * one place is taken first, so every answer is a 409, with each component's CPU and disk writes per answer.
     * What a clinic's booking day is made of once the rush has taken the places and the rest keep trying.
     */
    static void soldOutOnly(int clients, int seconds) throws Exception {
        Components.warnIfStillCompiling();
        long scheduleId = newSchedule(1);
        Answer first = send("POST", GATEWAY + "/reservations",
                "{\"scheduleId\":%d,\"reservationCount\":1}".formatted(scheduleId));
        if (first.status() != 201) {
            throw new IllegalStateException("the schedule's one place was not booked: " + first);
        }
        Map<String, long[]> cpuBefore = Components.cpuTicks();
        Result result = load("sold out: %d clients".formatted(clients), GATEWAY, clients, seconds, scheduleId, false);
        printPer("answer", result.total(), cpuBefore, Components.cpuTicks());
        expectOnly(result, 409);
        exitOnWrongAnswers();
    }

    /** A rush's answers, and each component's CPU ticks from just before the crowd was let go until it had them all. */
    record Rushed(Result result, Map<String, long[]> cpuBefore, Map<String, long[]> cpuAfter) {
    }

    /** {@code clients} customers at once on a schedule of {@code places}, one request each, no retries. */
    static Rushed rush(int clients, int places) throws Exception {
        long scheduleId = newSchedule(places);
        Map<Integer, List<Long>> latencies = new java.util.concurrent.ConcurrentHashMap<>();
        List<String> wrong = java.util.Collections.synchronizedList(new ArrayList<>());
        CountDownLatch go = new CountDownLatch(1);
        String body = "{\"scheduleId\":%d,\"reservationCount\":1}".formatted(scheduleId);
        // the customers' token before the crowd is let go: getting one runs a JVM, seconds the answers must not carry
        token(sender("POST", GATEWAY + "/reservations"));
        long started;
        Map<String, long[]> cpuBefore;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < clients; c++) {
                pool.submit(() -> {
                    go.await();
                    long t0 = System.nanoTime();
                    Answer answer = send("POST", GATEWAY + "/reservations", body);
                    latencies.computeIfAbsent(answer.status(),
                            any -> java.util.Collections.synchronizedList(new ArrayList<>())).add(System.nanoTime() - t0);
                    if (answer.status() == 409 && !answer.body().contains("\"availableCount\":0")) {
                        wrong.add(answer.body());
                    }
                    return null;
                });
            }
            cpuBefore = Components.cpuTicks();
            started = System.nanoTime();
            go.countDown();
        }
        Map<String, long[]> cpuAfter = Components.cpuTicks();
        Result result = new Result("rush: %d customers, %d places".formatted(clients, places), clients,
                (System.nanoTime() - started) / 1e9, latencies, List.of(), List.of());
        ROWS.add(Row.of(result));
        System.out.printf("  %-34s %s%n", result.label, ROWS.getLast().brief());
        if (result.count(201) != places || result.count(409) != clients - places || !wrong.isEmpty()) {
            PROBLEMS.add("%s: expected %d booked and %d full (availableCount 0), got %s %s"
                    .formatted(result.label, places, clients - places, result.statuses(), wrong.stream().limit(3).toList()));
        }
        return new Rushed(result, cpuBefore, cpuAfter);
    }

    static void expectOnly(Result result, Integer... statuses) {
        List<Integer> allowed = Arrays.asList(statuses);
        result.latencies.keySet().stream().filter(status -> !allowed.contains(status))
                .forEach(status -> PROBLEMS.add("%s: %d answers %d".formatted(result.label, result.count(status), status)));
    }

    // ---- drills ----------------------------------------------------------------------------------------------------

    static void restart(String service) throws Exception {
        long t0 = System.nanoTime();
        stack("restart", service);
        NOTES.add("bin/stack restart %s: ready again in %.1f s".formatted(service, (System.nanoTime() - t0) / 1e9));
    }

    static void scheduleStopped(long scheduleId) throws Exception {
        stack("stop", "schedule");
        try {
            refusals("schedule stopped: refusals at reservation", RESERVATION, scheduleId, 20);
            refusals("circuit open: refusals at reservation", RESERVATION, scheduleId, 300);
            refusals("circuit open: refusals through the gateway", GATEWAY, scheduleId, 300);
        } finally {
            stack("start", "schedule");
        }
    }

    static void refusals(String label, String base, long scheduleId, int count) {
        Map<Integer, List<Long>> latencies = new TreeMap<>();
        String body = "{\"scheduleId\":%d,\"reservationCount\":1}".formatted(scheduleId);
        long started = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long t0 = System.nanoTime();
            int status = send("POST", base + "/reservations", body).status();
            latencies.computeIfAbsent(status, any -> new ArrayList<>()).add(System.nanoTime() - t0);
        }
        Result result = new Result(label, 1, (System.nanoTime() - started) / 1e9, latencies, List.of(), List.of());
        ROWS.add(Row.of(result));
        System.out.printf("  %-34s %s%n", label, ROWS.getLast().brief());
        expectOnly(result, 503);
    }

    static void lastStackStart() throws IOException {
        Path file = STACK_DIR.resolve("last-start");
        if (Files.exists(file)) {
            NOTES.add("bin/stack start: everything ready %s s after launch (its last start)"
                    .formatted(Files.readString(file).trim()));
        }
    }

    // ---- the table ---------------------------------------------------------------------------------------------

    record Row(String scenario, int clients, double seconds, long answers, double answersPerSecond,
               double bookingsPerSecond, String latency, Map<Integer, Integer> statuses) {
        static Row of(Result r) {
            return new Row(r.label, r.clients, r.seconds, r.total(), r.total() / r.seconds, r.bookingsPerSecond(),
                    r.total() == 0 ? "-" : percentiles(r.all()), r.statuses());
        }

        String brief() {
            return "%7.1f bookings/s  %7.1f answers/s  %s  %s".formatted(bookingsPerSecond, answersPerSecond, latency,
                    statuses);
        }
    }

    static void report(Plan plan, Map<String, Long> cpuTicks, Result peak, RssSampler rss) throws IOException {
        StringBuilder out = new StringBuilder();
        out.append("\n## bin/bench %s, %s, %d cores\n\n".formatted(plan.name(),
                LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME).substring(0, 16),
                Runtime.getRuntime().availableProcessors()));
        out.append("| scenario | clients | s | bookings/s | answers/s | latency p50 / p99 / max (ms) | answers |\n");
        out.append("|---|---:|---:|---:|---:|---|---|\n");
        for (Row row : ROWS) {
            out.append("| %s | %d | %.1f | %.1f | %.1f | %s | %s |\n".formatted(row.scenario(), row.clients(),
                    row.seconds(), row.bookingsPerSecond(), row.answersPerSecond(), row.latency(), row.statuses()));
        }
        long bookings = peak.count(201);
        out.append("\n| component (at peak, through the gateway) | CPU ms per booking | RSS max (MB) | collections |\n"
                + "|---|---:|---:|---|\n");
        Map<String, GcPauses> collections = GcPauses.during(rss);
        double total = 0;
        for (String name : cpuTicks.keySet()) {
            double ms = cpuTicks.get(name) * 10.0 / Math.max(1, bookings);
            total += ms;
            out.append("| %s | %.2f | %s | %s |\n".formatted(name, ms,
                    rss.max.containsKey(name) ? "%.0f".formatted(rss.max.get(name) / 1024.0) : "-",
                    collections.containsKey(name) ? collections.get(name) : "-"));
        }
        out.append("| all | %.2f | | |\n".formatted(total));
        out.append("\n");
        NOTES.forEach(note -> out.append("- ").append(note).append('\n'));
        System.out.print(out);

        Path dir = STACK_DIR.resolve("bench").resolve(
                LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-" + plan.name());
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("report.md"), out.toString());
        StringBuilder csv = new StringBuilder("scenario,clients,seconds,bookings_per_s,answers_per_s,latency,answers\n");
        for (Row row : ROWS) {
            csv.append("\"%s\",%d,%.2f,%.2f,%.2f,\"%s\",\"%s\"\n".formatted(row.scenario(), row.clients(),
                    row.seconds(), row.bookingsPerSecond(), row.answersPerSecond(), row.latency(), row.statuses()));
        }
        Files.writeString(dir.resolve("scenarios.csv"), csv.toString());
        Path latest = STACK_DIR.resolve("bench").resolve("latest");
        Files.deleteIfExists(latest);
        Files.createSymbolicLink(latest, dir.getFileName());
        System.out.println("\nreport: " + latest + " -> " + dir);
    }

    // ---- the machine: CPU and memory per component from /proc --------------------------------------------------

    /**
     * On PostgreSQL (bin/stack --postgres), the database work a booking costs in all services together, from the
     * server's own statistics: transactions, rows read through scans, rows inserted, updated and deleted, counted
     * from before the peak until its last booking is on MyPage with its mailing (so the consumers' share is in).
     * The few transactions of probes, the outbox sweep and the pending sweeper in that window are counted too.
     */
    static final class DatabaseWork {
        static final String QUERY = """
                select (select xact_commit + xact_rollback from pg_stat_database where datname = current_database()),
                       coalesce(sum(seq_scan + coalesce(idx_scan, 0)), 0), coalesce(sum(n_tup_ins), 0),
                       coalesce(sum(n_tup_upd), 0), coalesce(sum(n_tup_del), 0)
                from pg_stat_user_tables
                where schemaname in ('schedule', 'reservation', 'delivery', 'customercenter')""";

        static boolean onPostgres() {
            try {
                return Files.readString(STACK_DIR.resolve("settings")).contains("POSTGRES=1");
            } catch (IOException e) {
                return false;
            }
        }

        /** Null when the stack is not on PostgreSQL or psql cannot ask it. */
        static long[] snapshot() {
            if (!onPostgres()) {
                return null;
            }
            try {
                Thread.sleep(1500); // the server publishes its counters about once a second
                ProcessBuilder psql = new ProcessBuilder("psql", "-X", "-A", "-t", "-F", " ", "-c", QUERY);
                psql.environment().putIfAbsent("PGHOST", "127.0.0.1");
                psql.environment().putIfAbsent("PGUSER", "postgres");
                psql.environment().putIfAbsent("PGDATABASE", "healthcheck");
                Process process = psql.redirectErrorStream(true).start();
                String out = new String(process.getInputStream().readAllBytes()).trim();
                if (process.waitFor() != 0) {
                    NOTES.add("database work per booking: psql failed: " + out);
                    return null;
                }
                return Arrays.stream(out.split("\\s+")).mapToLong(Long::parseLong).toArray();
            } catch (IOException | RuntimeException e) {
                NOTES.add("database work per booking: not measured (" + e + ")");
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }

        static void note(long[] before, long[] after, long bookings) {
            if (before == null || after == null || bookings == 0) {
                return;
            }
            NOTES.add(("PostgreSQL work per booking, all services (peak until drained): %.1f transactions, %.1f table "
                    + "scans, %.1f rows inserted, %.1f updated, %.1f deleted").formatted(
                    (after[0] - before[0]) / (double) bookings, (after[1] - before[1]) / (double) bookings,
                    (after[2] - before[2]) / (double) bookings, (after[3] - before[3]) / (double) bookings,
                    (after[4] - before[4]) / (double) bookings));
        }
    }

    static final class Components {
        /** Each running component's pid from bin/stack's pid files, and this benchmark's own process. */
        static Map<String, Long> pids() {
            Map<String, Long> pids = new TreeMap<>();
            try (var files = Files.list(STACK_DIR.resolve("pids"))) {
                files.filter(f -> f.toString().endsWith(".pid")).forEach(f -> {
                    try {
                        pids.put(f.getFileName().toString().replace(".pid", ""), Long.parseLong(Files.readString(f).trim()));
                    } catch (IOException | NumberFormatException ignored) {
                        // a component stopping while we look
                    }
                });
            } catch (IOException e) {
                // no pid files: a stack not started by bin/stack; CPU is then not reported
            }
            pids.put("(bin/bench itself)", ProcessHandle.current().pid());
            return pids;
        }

        /**
         * A component started minutes ago is still compiling its hot paths (C2 took a third of a restarted
         * reservation's CPU ten minutes in, 2026-12-03), and the full benchmark itself ends by restarting
         * reservation and schedule: a short run right after it measures those two cold. Said, so nobody mistakes
         * that for a regression.
         */
        static void warnIfStillCompiling() {
            Instant recent = Instant.now().minus(Duration.ofMinutes(10));
            List<String> cold = new ArrayList<>();
            pids().forEach((name, pid) -> ProcessHandle.of(pid).flatMap(process -> process.info().startInstant())
                    .filter(started -> started.isAfter(recent) && !name.startsWith("("))
                    .ifPresent(started -> cold.add("%s (%d s ago)".formatted(name,
                            Duration.between(started, Instant.now()).toSeconds()))));
            if (!cold.isEmpty()) {
                System.out.println("note: started less than 10 minutes ago, so still compiling (slower, more CPU per "
                        + "booking than warm): " + String.join(", ", cold));
            }
        }

        /**
         * utime + stime in clock ticks (1/100 s), and the bytes the process has sent towards the disk (write_bytes:
         * the page cache it dirtied, not socket writes). The embedded H2 writes a new chunk of whole B-tree pages
         * on every commit, so its bytes per booking are what its commits cost.
         */
        static Map<String, long[]> cpuTicks() {
            Map<String, long[]> ticks = new LinkedHashMap<>();
            pids().forEach((name, pid) -> {
                try {
                    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks.put(name, new long[] {Long.parseLong(fields[11]) + Long.parseLong(fields[12]),
                            writtenBytes(pid)});
                } catch (IOException | RuntimeException ignored) {
                    // not running
                }
            });
            return ticks;
        }

        /** 0 where /proc/PID/io cannot be read (another user's process): the CPU is still counted. */
        private static long writtenBytes(long pid) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/io"))) {
                    if (line.startsWith("write_bytes:")) {
                        return Long.parseLong(line.substring("write_bytes:".length()).trim());
                    }
                }
            } catch (IOException | RuntimeException ignored) {
                // not readable
            }
            return 0;
        }

        static long rssKb(long pid) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                    if (line.startsWith("VmRSS:")) {
                        return Long.parseLong(line.replaceAll("\\D", ""));
                    }
                }
            } catch (IOException | RuntimeException ignored) {
                // not running
            }
            return 0;
        }
    }

    static final class RssSampler {
        final Map<String, Long> max = new java.util.concurrent.ConcurrentHashMap<>();
        final AtomicBoolean stopped = new AtomicBoolean();
        final Instant from = Instant.now();
        Instant to;
        Thread thread;

        static RssSampler start() {
            RssSampler sampler = new RssSampler();
            sampler.thread = Thread.ofVirtual().start(() -> {
                Map<String, Long> pids = Components.pids();
                while (!sampler.stopped.get()) {
                    pids.forEach((name, pid) -> sampler.max.merge(name, Components.rssKb(pid), Math::max));
                    try {
                        Thread.sleep(500);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            return sampler;
        }

        void stop() throws InterruptedException {
            stopped.set(true);
            thread.join();
            to = Instant.now();
        }
    }

    /**
     * What each JVM's collector did while the RSS was sampled, from the GC log bin/stack has every JVM write
     * (.stack/logs/NAME-gc.log, and NAME-gc.log.0 from before a restart): every pause stops all of a JVM's requests,
     * and a heap the serial collector grew instead of collecting its old generation is RSS the JVM keeps.
     */
    record GcPauses(int young, double youngMs, int full, double fullMaxMs, int heapMb) {

        private static final java.util.regex.Pattern PAUSE = java.util.regex.Pattern.compile(
                "^\\[([^\\]]+)\\].* Pause (Young|Full) .*\\((\\d+)M\\) ([\\d.]+)ms$");
        private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

        static Map<String, GcPauses> during(RssSampler sampler) {
            Map<String, GcPauses> all = new TreeMap<>();
            for (String name : sampler.max.keySet()) {
                GcPauses sum = new GcPauses(0, 0, 0, 0, 0);
                boolean logged = false;
                for (String file : List.of(name + "-gc.log.0", name + "-gc.log")) {
                    Path log = STACK_DIR.resolve("logs").resolve(file);
                    if (!Files.isReadable(log)) {
                        continue;
                    }
                    logged = true;
                    try (var lines = Files.lines(log)) {
                        for (String line : (Iterable<String>) lines::iterator) {
                            sum = sum.plus(line, sampler.from, sampler.to);
                        }
                    } catch (IOException | java.io.UncheckedIOException ignored) {
                        // rotated away while read: the pauses in it are left out
                    }
                }
                if (logged) {
                    all.put(name, sum);
                }
            }
            return all;
        }

        GcPauses plus(String line, Instant from, Instant to) {
            var pause = PAUSE.matcher(line);
            if (!pause.matches()) {
                return this;
            }
            Instant at;
            try {
                at = java.time.OffsetDateTime.parse(pause.group(1), LOG_TIME).toInstant();
            } catch (java.time.format.DateTimeParseException e) {
                return this;
            }
            if (at.isBefore(from) || at.isAfter(to)) {
                return this;
            }
            double ms = Double.parseDouble(pause.group(4));
            int heap = Integer.parseInt(pause.group(3));
            return pause.group(2).equals("Full")
                    ? new GcPauses(young, youngMs, full + 1, Math.max(fullMaxMs, ms), heap)
                    : new GcPauses(young + 1, youngMs + ms, full, fullMaxMs, heap);
        }

        @Override
        public String toString() {
            return "%d young (%.0f ms), %d full%s, heap %s".formatted(young, youngMs, full,
                    full == 0 ? "" : " (longest %.0f ms)".formatted(fullMaxMs), heapMb == 0 ? "-" : heapMb + " MB");
        }
    }

    // ---- HTTP ------------------------------------------------------------------------------------------------------

    record Answer(int status, String body, String location) {
    }

    static long newSchedule(int places) {
        long id = IDS.incrementAndGet();
        Answer answer = send("POST", GATEWAY + "/schedules", "{\"scheduleId\":%d,\"availableCount\":%d}".formatted(id, places));
        if (answer.status() != 201) {
            throw new IllegalStateException("could not register a schedule: " + answer);
        }
        return id;
    }

    /** Who sends a request, as the system's roles have it: the admin registers, the operator reads mailings. */
    static String sender(String method, String url) {
        if (url.contains("/deliveries")) {
            return "operator";
        }
        return method.equals("POST") && url.endsWith("/schedules") ? "admin" : "alice";
    }

    static final Map<String, String[]> TOKENS = new ConcurrentHashMap<>();

    /**
     * A demo user's access token from the stack's issuer, got as bin/stack token gets it (authorization code with
     * PKCE, bin/stack-support/Token.java), and got again after ten minutes: tokens live fifteen.
     */
    static String token(String user) {
        String[] held = TOKENS.get(user);
        if (held != null && System.currentTimeMillis() - Long.parseLong(held[1]) < 600_000) {
            return held[0];
        }
        synchronized (TOKENS) {
            held = TOKENS.get(user);
            if (held != null && System.currentTimeMillis() - Long.parseLong(held[1]) < 600_000) {
                return held[0];
            }
            try {
                Process tool = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                        "bin/stack-support/Token.java", env("ISSUER_URI", "http://127.0.0.1:" + env("AUTH_PORT", "8089")),
                        user, user + "-dev-password").redirectError(ProcessBuilder.Redirect.INHERIT).start();
                String token = new String(tool.getInputStream().readAllBytes()).trim();
                if (tool.waitFor() != 0 || token.isEmpty()) {
                    throw new IllegalStateException("no token for " + user + " from the stack's issuer");
                }
                TOKENS.put(user, new String[] {token, Long.toString(System.currentTimeMillis())});
                return token;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    static Answer send(String method, String url, String json) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + token(sender(method, url)));
            if (json != null) {
                request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
            } else {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body(),
                    response.headers().firstValue("Location").orElse(null));
        } catch (IOException e) {
            return new Answer(-1, e.toString(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(-1, "interrupted", null);
        }
    }

    static String percentiles(List<Long> nanos) {
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        if (sorted.length == 0) {
            return "-";
        }
        return "%.1f / %.1f / %.1f".formatted(at(sorted, 0.50), at(sorted, 0.99), sorted[sorted.length - 1] / 1e6);
    }

    static double at(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, Math.max(0, (int) Math.ceil(q * sorted.length) - 1))] / 1e6;
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
