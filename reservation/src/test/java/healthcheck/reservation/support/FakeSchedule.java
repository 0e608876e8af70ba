package healthcheck.reservation.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Schedule's hold endpoint as the contract describes it, and a schedule's read, on a real port, with switches for
 * the failures a test needs: answer slowly, answer 5xx, or not listen at all (connection refused).
 */
public final class FakeSchedule {

    public static final FakeSchedule INSTANCE = new FakeSchedule();

    private static final Pattern HOLDS = Pattern.compile("^/schedules/(\\d+)/holds$");
    private static final Pattern SCHEDULE = Pattern.compile("^/schedules/(\\d+)$");

    private final JsonMapper json = JsonMapper.builder().build();
    private final int port;
    private final Map<Long, Integer> available = new ConcurrentHashMap<>();
    private final Map<String, String> holds = new ConcurrentHashMap<>();
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger reads = new AtomicInteger();
    /** Bumped by reset(): a call answered slowly sees that its test is over. */
    private final AtomicLong generation = new AtomicLong();
    private volatile Duration delay = Duration.ZERO;
    private volatile int forcedStatus;
    private final Set<Long> askedFor = ConcurrentHashMap.newKeySet();
    private final AtomicReference<Duration> lateOnce = new AtomicReference<>();
    private final AtomicReference<Runnable> beforeNextAnswer = new AtomicReference<>();
    /** Until this moment (System.nanoTime), every hold waits for it before being handled; 0 when not stalled. */
    private volatile long stalledUntilNanos;
    private HttpServer server;
    /** The Authorization header of the last hold, as schedule would check it. */
    private volatile String lastAuthorization;

    private FakeSchedule() {
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        start();
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public synchronized void start() {
        if (server != null) {
            return;
        }
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 200);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    /** Closes the port: the next call is refused at once. */
    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    public void reset() {
        generation.incrementAndGet();
        start();
        available.clear();
        holds.clear();
        calls.set(0);
        reads.set(0);
        delay = Duration.ZERO;
        forcedStatus = 0;
        lateOnce.set(null);
        beforeNextAnswer.set(null);
        stalledUntilNanos = 0;
    }

    public void register(long scheduleId, int places) {
        available.put(scheduleId, places);
    }

    public Integer availableCount(long scheduleId) {
        return available.get(scheduleId);
    }

    public void answerSlowly(Duration delay) {
        this.delay = delay;
    }

    /** The next hold is taken at once but answered only after {@code delay}: a take whose answer gets lost. */
    public void answerLateOnce(Duration delay) {
        lateOnce.set(delay);
    }

    /**
     * Schedule stalls for {@code duration}: every hold that arrives meanwhile is handled only once the stall is
     * over, as when schedule's JVM is starved of CPU; calls after it are answered at once.
     */
    public void stallFor(Duration duration) {
        stalledUntilNanos = System.nanoTime() + duration.toNanos();
    }

    /**
     * Runs {@code action} once, when the next hold has arrived and before it is handled: something that happens on
     * reservation's side while its call to schedule is in flight. It must be quick: the caller's read timeout runs.
     */
    public void beforeNextAnswer(Runnable action) {
        beforeNextAnswer.set(action);
    }

    public void answerWith(int status) {
        this.forcedStatus = status;
    }

    /** Whether any hold for this reservation reached schedule, whatever it answered. */
    public boolean wasAskedFor(long reservationId) {
        return askedFor.contains(reservationId);
    }

    public int calls() {
        return calls.get();
    }

    /** Reads of a schedule (GET /schedules/{id}), which take nothing; {@link #calls()} counts them too. */
    public int reads() {
        return reads.get();
    }

    /** The bearer token the last hold came with, or null if it came with none. */
    public String lastHoldToken() {
        String header = lastAuthorization;
        return header != null && header.startsWith("Bearer ") ? header.substring("Bearer ".length()) : null;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (exchange.getRequestURI().getPath().equals("/actuator/health/readiness")) {
                // the balancer's check, not a call: running means ready
                respond(exchange, 200, "{\"status\":\"UP\"}");
                return;
            }
            calls.incrementAndGet();
            long answeringFor = generation.get();
            Matcher read = SCHEDULE.matcher(exchange.getRequestURI().getPath());
            if ("GET".equals(exchange.getRequestMethod()) && read.matches()) {
                // anyone may read a schedule, as on schedule itself; slow or failing as the switches say
                reads.incrementAndGet();
                if (!delay.isZero()) {
                    sleep(delay);
                }
                if (forcedStatus != 0) {
                    respond(exchange, forcedStatus, "{\"status\":" + forcedStatus + "}");
                    return;
                }
                long scheduleId = Long.parseLong(read.group(1));
                Integer left = available.get(scheduleId);
                if (left == null) {
                    respond(exchange, 404, "{\"status\":404,\"title\":\"Schedule not found\",\"code\":\"SCHEDULE_NOT_FOUND\"}");
                } else {
                    respond(exchange, 200, "{\"scheduleId\":" + scheduleId + ",\"capacity\":100,\"availableCount\":"
                            + left + ",\"checkupDate\":null}");
                }
                return;
            }
            Matcher m = HOLDS.matcher(exchange.getRequestURI().getPath());
            if (!"POST".equals(exchange.getRequestMethod()) || !m.matches()) {
                respond(exchange, 404, "{\"status\":404}");
                return;
            }
            lastAuthorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (lastAuthorization == null) {
                // schedule refuses a hold without a token (its ScheduleAccess); the fake does too
                respond(exchange, 401, "{\"status\":401}");
                return;
            }
            JsonNode body = json.readTree(exchange.getRequestBody().readAllBytes());
            askedFor.add(body.path("reservationId").asLong());
            Runnable action = beforeNextAnswer.getAndSet(null);
            if (action != null) {
                action.run();
            }
            long stalledFor = stalledUntilNanos - System.nanoTime();
            if (stalledFor > 0) {
                sleep(Duration.ofNanos(stalledFor));
                if (generation.get() != answeringFor) {
                    respond(exchange, 503, "{\"status\":503}");
                    return;
                }
            }
            if (!delay.isZero()) {
                sleep(delay);
                if (generation.get() != answeringFor) {
                    // a slow call that outlived its test must not take places from the next test's schedule
                    respond(exchange, 503, "{\"status\":503}");
                    return;
                }
            }
            if (forcedStatus != 0) {
                respond(exchange, forcedStatus, "{\"status\":" + forcedStatus + "}");
                return;
            }
            long scheduleId = Long.parseLong(m.group(1));
            String holdId = body.get("holdId").asString();
            long reservationId = body.get("reservationId").asLong();
            int count = body.get("count").asInt();
            synchronized (this) {
                if (!available.containsKey(scheduleId)) {
                    respond(exchange, 404, "{\"status\":404,\"title\":\"Schedule not found\",\"code\":\"SCHEDULE_NOT_FOUND\"}");
                    return;
                }
                String existing = holds.get(holdId);
                if (existing != null) {
                    respond(exchange, 200, existing);
                    return;
                }
                int left = available.get(scheduleId);
                if (left < count) {
                    respond(exchange, 409, "{\"status\":409,\"title\":\"Not enough places\",\"detail\":\"Only " + left
                            + " places left on schedule " + scheduleId + "\",\"availableCount\":" + left
                            + ",\"code\":\"INSUFFICIENT_CAPACITY\"}");
                    return;
                }
                available.put(scheduleId, left - count);
                String hold = "{\"holdId\":\"" + holdId + "\",\"scheduleId\":" + scheduleId + ",\"reservationId\":"
                        + reservationId + ",\"count\":" + count + ",\"status\":\"HELD\",\"availableCount\":"
                        + (left - count) + "}";
                holds.put(holdId, hold);
            }
            Duration late = lateOnce.getAndSet(null);
            if (late != null) {
                sleep(late);
            }
            respond(exchange, 201, holds.get(holdId));
        }
    }

    private static void sleep(Duration delay) {
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type",
                status >= 400 ? "application/problem+json" : "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
