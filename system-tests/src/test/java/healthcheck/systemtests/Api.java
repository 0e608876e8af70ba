package healthcheck.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A customer's, an admin's and an operator's HTTP calls, through the gateway unless told otherwise, each with the
 * token of who makes it: the stack's own issuer hands them out to its demo users (bin/stack token), by the
 * browser's flow. Unless a call names its user, the path decides ({@link #userFor}).
 */
final class Api {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** The most a list answers at once (platform's PageQuery.MAX_SIZE). */
    private static final int LARGEST_PAGE = 100;
    /** Ids unique to this run, so a test never collides with data a previous run left in the stack's databases. */
    private static final AtomicLong IDS = new AtomicLong(System.currentTimeMillis() % 1_000_000_000L * 1_000);

    private Api() {
    }

    static long newId() {
        return IDS.incrementAndGet();
    }

    record Response(int status, JsonNode body, HttpResponse<String> raw, long millis) {
        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        /** The problem's {@code code} ("TOO_BUSY") when the answer is problem+json; null otherwise. */
        String problemCode() {
            String type = header("Content-Type");
            return type != null && type.contains("application/problem+json")
                    ? body.path("code").stringValue(null) : null;
        }

        /** What the customer was told, for tallies: the status and the problem's code ("409 INSUFFICIENT_CAPACITY"). */
        String outcome() {
            String code = problemCode();
            return code == null ? Integer.toString(status) : status + " " + code;
        }
    }

    /** The demo customers (bin/stack token); anything a test calls a customer is one of them. */
    static final String ALICE = "alice";
    static final String BOB = "bob";
    /** Clinic staff: reads every customer's bookings and MyPages, which is how the drills check the books. */
    static final String OPERATOR = "operator";

    /**
     * Who sends a call nobody named: the admin registers schedules, the operator moves mailings, throws the
     * drills' fault switches and reads the health details, a list of one customer's is read by that customer,
     * anything else by alice.
     */
    static String userFor(String method, String path) {
        if (path.startsWith("/deliveries") || path.startsWith("/faults") || path.startsWith("/actuator/health")) {
            return "operator";
        }
        if (method.equals("POST") && path.equals("/schedules")) {
            return "admin";
        }
        var customer = java.util.regex.Pattern.compile("customerId=([a-z]+)").matcher(path);
        return customer.find() ? customer.group(1) : ALICE;
    }

    static Response get(String path) {
        return getAt(Stack.gateway(), path);
    }

    /** A GET to the given base URL: the gateway, or one service instance directly. */
    static Response getAt(String baseUrl, String path) {
        return send(userFor("GET", path), HttpRequest.newBuilder(URI.create(baseUrl + path)).GET());
    }

    /** A GET as the given user, or with no token at all when null. */
    static Response getAs(String user, String path) {
        return send(user, HttpRequest.newBuilder(URI.create(Stack.gateway() + path)).GET());
    }

    static Response post(String path, String json) {
        return send(userFor("POST", path), HttpRequest.newBuilder(URI.create(Stack.gateway() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** A POST through the gateway with an Idempotency-Key, as a client sends it that may send it again. */
    static Response post(String path, String json, String idempotencyKey) {
        return postAs(userFor("POST", path), path, json, idempotencyKey);
    }

    /** {@link #post(String, String, String)} as the given user; a null key sends none. */
    static Response postAs(String user, String path, String json, String idempotencyKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(Stack.gateway() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return send(user, request);
    }

    static Response put(String path, String json) {
        return putAt(Stack.gateway(), path, json);
    }

    /** A PUT to the given base URL: the gateway, or one service instance directly. */
    static Response putAt(String baseUrl, String path, String json) {
        return send(userFor("PUT", path), HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    static Response delete(String path) {
        return deleteAs(userFor("DELETE", path), path);
    }

    static Response deleteAs(String user, String path) {
        return send(user, HttpRequest.newBuilder(URI.create(Stack.gateway() + path)).DELETE());
    }

    static Response registerSchedule(long scheduleId, int places) {
        return post("/schedules", """
                {"scheduleId":%d,"availableCount":%d,"checkupDate":"2026-12-01","checkupTime":"09:30",
                 "centre":"Seoul Central","checkupPackage":"basic"}""".formatted(scheduleId, places));
    }

    static Response book(long reservationId, long scheduleId, int count, String customerId) {
        return bookAt(Stack.gateway(), reservationId, scheduleId, count, customerId);
    }

    /**
     * A booking by {@code customerId} (one of the demo customers, whose token it sends) to the given base URL: the
     * gateway, or one reservation instance directly.
     */
    static Response bookAt(String baseUrl, long reservationId, long scheduleId, int count, String customerId) {
        return send(customerId, HttpRequest.newBuilder(URI.create(baseUrl + "/reservations"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                {"reservationId":%d,"scheduleId":%d,"reservationCount":%d}"""
                .formatted(reservationId, scheduleId, count))));
    }

    /**
     * Books as a customer does who is told to "try again shortly": a 503 (schedule's circuit still recovering
     * from an earlier drill; nothing was booked) is retried after Retry-After, up to a deadline.
     */
    static Response bookRetryingWhenToldTo(long reservationId, long scheduleId, int count, String customerId) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Response response = book(reservationId, scheduleId, count, customerId);
        while (response.status() == 503 && System.nanoTime() < deadline) {
            String retryAfter = response.header("Retry-After");
            try {
                Thread.sleep(retryAfter == null ? 1_000 : Long.parseLong(retryAfter.trim()) * 1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            response = book(reservationId, scheduleId, count, customerId);
        }
        return response;
    }

    /**
     * Every element of a paged list ({@code /myPages?customerId=kim}), walked a page of {@value #LARGEST_PAGE} at a
     * time until the last: a check that reads only the first page would miss what a busy drill left beyond it.
     */
    static List<JsonNode> all(String listPath) {
        List<JsonNode> all = new ArrayList<>();
        String separator = listPath.contains("?") ? "&" : "?";
        for (int page = 0; ; page++) {
            Response answer = get(listPath + separator + "size=" + LARGEST_PAGE + "&page=" + page);
            // an AssertionError, so a check awaiting convergence asks again after a 503 while a service restarts
            assertThat(answer.status()).as("page %d of %s: %s", page, listPath, answer.body()).isEqualTo(200);
            answer.body().get("content").forEach(all::add);
            if (page + 1 >= answer.body().get("page").get("totalPages").asLong()) {
                return all;
            }
        }
    }

    static int availableCount(long scheduleId) {
        return get("/schedules/" + scheduleId).body().get("availableCount").asInt();
    }

    /**
     * The state of one reservation instance's circuit to schedule ("CLOSED", "OPEN", "HALF_OPEN"), as its health
     * endpoint shows it; null when it does not show one.
     */
    static String circuitState(String reservationService) {
        return getAt(reservationService, "/actuator/health").body()
                .path("components").path("scheduleCircuit").path("details").path("state").stringValue(null);
    }

    static Response send(String user, HttpRequest.Builder request) {
        if (user != null) {
            request.header("Authorization", "Bearer " + Stack.token(user));
        }
        long started = System.nanoTime();
        try {
            HttpResponse<String> response = CLIENT.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            long millis = (System.nanoTime() - started) / 1_000_000;
            String body = response.body();
            JsonNode json = body == null || body.isBlank() ? JSON.missingNode() : parse(body);
            return new Response(response.statusCode(), json, response, millis);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (RuntimeException notJson) {
            return JSON.getNodeFactory().textNode(body);
        }
    }
}
