package healthcheck.reservation.support;

import healthcheck.testsupport.TestTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Real HTTP against the running service, so timings include the whole request path; as the customer {@code alice}
 * unless told otherwise ({@link #as}, {@link #asOperator}, {@link #anonymous}).
 */
public final class Http {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String customer;
    /** A fresh token per request; null sends none. */
    private final Supplier<String> token;

    public Http(int port) {
        this("http://127.0.0.1:" + port, "alice", () -> TestTokens.customer("alice"));
    }

    private Http(String base, String customer, Supplier<String> token) {
        this.base = base;
        this.customer = customer;
        this.token = token;
    }

    /** The same service, called by another customer. */
    public Http as(String otherCustomer) {
        return new Http(base, otherCustomer, () -> TestTokens.customer(otherCustomer));
    }

    /** The same service, called by clinic staff. */
    public Http asOperator() {
        return new Http(base, null, TestTokens::operator);
    }

    /** The same service, called without a token (a probe, a stranger). */
    public Http anonymous() {
        return new Http(base, null, null);
    }

    public String customer() {
        return customer;
    }

    public record Answer(int status, HttpResponse<String> raw, long millis) {
        public JsonNode json() {
            return JSON.readTree(raw.body());
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    public Answer post(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** A POST with an Idempotency-Key, as a client that may send it again sends it. */
    public Answer post(String path, String json, String idempotencyKey) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .header("Idempotency-Key", idempotencyKey).POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Answer get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    public Answer delete(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
    }

    private Answer send(HttpRequest.Builder request) {
        long start = System.nanoTime();
        if (token != null) {
            request.header("Authorization", TestTokens.bearer(token.get()));
        }
        try {
            HttpResponse<String> response = CLIENT.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response, (System.nanoTime() - start) / 1_000_000);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
