package healthcheck.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A downstream service stand-in on a random port: records every request it gets and answers with scripted
 * responses (per path, consumed in order) or, when none is left, echoes the request back as 200.
 */
final class StubService implements AutoCloseable {

    /** {@code headers} by lower-case name. */
    record Recorded(String method, String path, String query, String body, String contentType, String authorization,
            Map<String, List<String>> headers) {
    }

    /** {@code headers}: sent as they are, beside the content type. */
    record Reply(int status, String contentType, String body, Map<String, String> headers) {

        Reply(int status, String contentType, String body) {
            this(status, contentType, body, Map.of());
        }
    }

    private final String name;
    private final HttpServer server;
    private final Queue<Recorded> requests = new ConcurrentLinkedQueue<>();
    private final Map<String, Queue<Reply>> scripted = new ConcurrentHashMap<>();
    private final CountDownLatch releaseHanging = new CountDownLatch(1);
    private volatile boolean ready = true;

    StubService(String name) {
        this.name = name;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Queues replies for one path; the request after the last one is echoed again. */
    void script(String path, Reply... replies) {
        scripted.computeIfAbsent(path, p -> new ConcurrentLinkedQueue<>()).addAll(List.of(replies));
    }

    /** A reply of -1 holds the request open until the stub closes: a service that never answers. */
    static Reply hang() {
        return new Reply(-1, null, null);
    }

    static Reply status(int status) {
        return new Reply(status, "application/json", "{\"from\":\"stub\",\"status\":" + status + "}");
    }

    void ready(boolean ready) {
        this.ready = ready;
    }

    List<Recorded> requests() {
        return List.copyOf(requests);
    }

    List<Recorded> requestsTo(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    /** Forgets what it was sent, and keeps its scripts and readiness. */
    void forgetRequests() {
        requests.clear();
    }

    void reset() {
        requests.clear();
        scripted.clear();
        ready = true;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (path.equals("/actuator/health/readiness")) {
                respond(exchange, ready ? 200 : 503, "application/json",
                        "{\"status\":\"" + (ready ? "UP" : "OUT_OF_SERVICE") + "\"}");
                return;
            }
            requests.add(new Recorded(exchange.getRequestMethod(), path, exchange.getRequestURI().getRawQuery(),
                    body, exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestHeaders().getFirst("Authorization"), headersOf(exchange)));
            Queue<Reply> queue = scripted.get(path);
            Reply reply = queue == null ? null : queue.poll();
            if (reply != null && reply.status() == -1) {
                releaseHanging.await(30, TimeUnit.SECONDS);
                return;
            }
            if (reply != null) {
                reply.headers().forEach(exchange.getResponseHeaders()::set);
                respond(exchange, reply.status(), reply.contentType(), reply.body());
                return;
            }
            String echo = "{\"service\":\"" + name + "\",\"method\":\"" + exchange.getRequestMethod()
                    + "\",\"path\":\"" + path + "\",\"query\":" + quoted(exchange.getRequestURI().getRawQuery())
                    + ",\"body\":" + quoted(body) + "}";
            respond(exchange, 200, "application/json", echo);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Map<String, List<String>> headersOf(HttpExchange exchange) {
        Map<String, List<String>> headers = new TreeMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values));
        return headers;
    }

    private static String quoted(String value) {
        if (value == null) {
            return "null";
        }
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }

    @Override
    public void close() {
        releaseHanging.countDown();
        server.stop(0);
    }

    /** Reservation at a test's own socket server on {@code port}; every other service down. */
    static void onlyReservationAt(DynamicPropertyRegistry registry, IntSupplier port) {
        registry.add("SCHEDULE_URL", StubService::refusedUrl);
        registry.add("RESERVATION_URL", () -> "http://127.0.0.1:" + port.getAsInt());
        registry.add("DELIVERY_URL", StubService::refusedUrl);
        registry.add("CUSTOMERCENTER_URL", StubService::refusedUrl);
    }

    /** A port nothing listens on, for a service that is down: connecting to it is refused. */
    static String refusedUrl() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
