package healthcheck.testsupport;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The issuer's two endpoints a service calls itself, for tests: the JWKS that validates {@link TestTokens}, and
 * a client-credentials token endpoint for the {@code reservation} client (what reservation presents at schedule's
 * hold endpoint). One per JVM, on a free loopback port, started on first use. Written by hand because the real
 * issuer (Spring Authorization Server) is an application of its own, tested in its module; a service's tests need
 * only these two answers.
 */
public final class TestIssuer {

    public static final String RESERVATION_CLIENT = "reservation";
    public static final String RESERVATION_SECRET = "reservation-test-secret";

    private static volatile TestIssuer instance;

    private final HttpServer server;
    private final AtomicInteger tokensIssued = new AtomicInteger();

    private TestIssuer() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/oauth2/jwks", this::jwks);
        server.createContext("/oauth2/token", this::token);
        server.start();
    }

    public static TestIssuer get() {
        if (instance == null) {
            synchronized (TestIssuer.class) {
                if (instance == null) {
                    instance = new TestIssuer();
                }
            }
        }
        return instance;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** How many client-credentials tokens were handed out so far: a client should reuse its token until it expires. */
    public int tokensIssued() {
        return tokensIssued.get();
    }

    /** The properties that point a service at this issuer, as ISSUER_URI, JWK_SET_URI and TOKEN_URI do in a stack. */
    Map<String, Object> springProperties() {
        return Map.of(
                "spring.security.oauth2.resourceserver.jwt.issuer-uri", TestTokens.ISSUER,
                "spring.security.oauth2.resourceserver.jwt.jwk-set-uri", url() + "/oauth2/jwks",
                "spring.security.oauth2.client.provider.healthcheck.token-uri", url() + "/oauth2/token",
                "spring.security.oauth2.client.registration.schedule-holds.client-secret", RESERVATION_SECRET);
    }

    private void jwks(HttpExchange exchange) throws IOException {
        respond(exchange, 200, new JWKSet(TestTokens.KEY.toPublicJWK()).toString());
    }

    private void token(HttpExchange exchange) throws IOException {
        String expected = "Basic " + Base64.getEncoder().encodeToString(
                (RESERVATION_CLIENT + ":" + RESERVATION_SECRET).getBytes(StandardCharsets.UTF_8));
        Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            respond(exchange, 401, "{\"error\":\"invalid_client\"}");
            return;
        }
        if (!"client_credentials".equals(form.get("grant_type"))) {
            respond(exchange, 400, "{\"error\":\"unsupported_grant_type\"}");
            return;
        }
        String scope = form.getOrDefault("scope", "");
        if (!scope.isEmpty() && !scope.equals("schedule.hold")) {
            respond(exchange, 400, "{\"error\":\"invalid_scope\"}");
            return;
        }
        Instant now = Instant.now();
        String token = TestTokens.sign(TestTokens.KEY, new JWTClaimsSet.Builder()
                .issuer(TestTokens.ISSUER).subject(RESERVATION_CLIENT).audience(TestTokens.AUDIENCE)
                .claim("scope", "schedule.hold")
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(900))).build());
        tokensIssued.incrementAndGet();
        respond(exchange, 200, """
                {"access_token":"%s","token_type":"Bearer","expires_in":899,"scope":"schedule.hold"}"""
                .formatted(token));
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                form.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }
}
