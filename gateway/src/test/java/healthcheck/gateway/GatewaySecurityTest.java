package healthcheck.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import healthcheck.testsupport.TestTokens;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.extension.RegisterExtension;
import java.util.concurrent.atomic.AtomicInteger;
import healthcheck.testsupport.Observations;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.security.web.server.ObservationWebFilterChainDecorator;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.WebFilterChainProxy;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;
import org.springframework.cloud.gateway.filter.headers.GRPCRequestHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.GRPCResponseHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.context.ApplicationContext;
import org.springframework.web.server.WebFilter;
import org.springframework.test.util.ReflectionTestUtils;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;
import org.springframework.web.server.session.DefaultWebSessionManager;
import org.springframework.web.server.session.WebSessionManager;
import reactor.core.publisher.Mono;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The gateway's own check, before anything is forwarded: who may send what, and which tokens are no tokens at all.
 * "in" means the request reached its service; 401 and 403 mean no service saw it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "healthcheck.gateway.cors.allowed-origins=https://clinic.example")
class GatewaySecurityTest {

    @RegisterExtension
    static final StubServices services = new StubServices();

    @DynamicPropertySource
    static void downstreams(DynamicPropertyRegistry registry) {
        services.wire(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    ObservationRegistry observations;

    @Autowired
    MeterRegistry meters;

    @Autowired
    WebFilterChainProxy securityFilters;

    @Autowired
    SecurityWebFilterChain chain;

    @Autowired
    ApplicationContext context;

    @BeforeEach
    void reset() {
        services.all().forEach(StubService::reset);
    }

    /**
     * A forwarded request is timed once, as the request served: not by Spring Security, not as a client call to
     * the service, not by the gateway's own per-route timer.
     */
    @Test
    void aForwardedRequestIsObservedOnlyAsTheRequestServed() {
        Observations recorded = Observations.attachTo(observations);

        assertThat(new Http(port, TestTokens.of("alice")).send("POST", "/reservations", "{}").statusCode())
                .isEqualTo(200);

        assertThat(services.all().stream().mapToInt(service -> service.requests().size()).sum()).isEqualTo(1);
        recorded.assertOnlyRequestsObserved();
        assertThat(meters.find("spring.cloud.gateway.requests").meters()).as("per-route timer").isEmpty();
        assertThat(ReflectionTestUtils.getField(securityFilters, "filterChainDecorator")).as("security filters wrapped")
                .isNotInstanceOf(ObservationWebFilterChainDecorator.class);
        assertThat(meters.find("http.server.requests.active").meters()).as("long-task timer").isEmpty();
        assertThat(context.getBeansOfType(HttpHeadersFilter.class).values())
                .as("header filters copying every header of a forward")
                .noneMatch(filter -> filter instanceof GRPCRequestHeadersFilter || filter instanceof GRPCResponseHeadersFilter);
    }

    /**
     * The bearer token and the characters of headers are read by the project's own rules (healthcheck.http), which
     * give Spring Security's answers without its regular expressions.
     */
    @Test
    void tokensAndHeaderCharactersAreReadWithoutRegularExpressions() {
        Object firewall = ReflectionTestUtils.getField(securityFilters, "firewall");
        assertThat(firewall).isInstanceOf(StrictServerWebExchangeFirewall.class);
        assertThat(ReflectionTestUtils.getField(firewall, "allowedHeaderNames"))
                .isNotSameAs(StrictServerWebExchangeFirewall.ALLOWED_HEADER_NAMES);
        assertThat(ReflectionTestUtils.getField(firewall, "allowedHeaderValues"))
                .isNotSameAs(StrictServerWebExchangeFirewall.ALLOWED_HEADER_VALUES);
        List<WebFilter> filters = chain.getWebFilters().collectList().block();
        assertThat(filters).filteredOn(AuthenticationWebFilter.class::isInstance)
                .extracting(filter -> ReflectionTestUtils.getField(filter, "authenticationConverter").getClass().getSimpleName())
                .containsExactly("BearerTokenHeader");
    }

    /** Nothing to log out of without a session: Spring Security's default answered with a redirect to a login page. */
    @Test
    void postToLogoutIsNoEndpoint() {
        var response = new Http(port, TestTokens.of("alice")).send("POST", "/logout", null);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("\"code\":\"NO_SUCH_ENDPOINT\"");
        assertThat(chain.getWebFilters().collectList().block()).extracting(filter -> filter.getClass().getSimpleName())
                .doesNotContain("LogoutWebFilter");
    }

    @Test
    void aBearerHeaderThatIsNoB64TokenIsRefusedBeforeRouting() {
        for (String malformed : new String[] {"a b", "", "x=y", "x,"}) {
            var response = new Http(port, null).sendWith("GET", "/myPages/1", "Authorization", "Bearer " + malformed);
            assertThat(response.statusCode()).as(malformed).isEqualTo(401);
            assertThat(response.body()).contains("\"code\":\"UNAUTHENTICATED\"");
        }
        assertThat(services.customercenter.requests()).isEmpty();
    }

    /**
     * A control character (here NEL, byte 0x85 read as ISO-8859-1) in a header the gateway reads is refused as
     * problem+json, and the request never forwarded; a tab is allowed.
     */
    @Test
    void aHeaderWithAControlCharacterIsRefusedBeforeRouting() throws IOException {
        String token = TestTokens.bearer(TestTokens.of("alice"));
        String refused = rawGet("/schedules/1", "Authorization: " + token + "\u0085");
        assertThat(refused).startsWith("HTTP/1.1 400").containsIgnoringCase("Content-Type: application/problem+json")
                .contains("\"code\":\"REQUEST_REJECTED\"");
        assertThat(services.schedule.requests()).isEmpty();
        assertThat(rawGet("/schedules/1", "Authorization: " + token + "\r\nX-Note: a\tb")).startsWith("HTTP/1.1 200");
        assertThat(services.schedule.requests()).hasSize(1);
    }

    private String rawGet(String path, String headerLines) throws IOException {
        return Http.rawGet(port, path, headerLines);
    }

    /**
     * Stateless: no request through the gateway, let in or refused, makes it ask for a WebSession (which WebFlux's
     * in-memory store creates on two other threads, per request).
     */
    @Test
    void noRequestMakesTheGatewayAskForASession() {
        SessionsAskedFor.COUNT.set(0);
        new Http(port, TestTokens.of("alice")).send("POST", "/reservations", "{}");
        new Http(port, TestTokens.of("anonymous")).send("GET", "/schedules/1", null);
        new Http(port, TestTokens.of("anonymous")).send("POST", "/reservations", "{}");
        new Http(port, TestTokens.of("alice")).send("GET", "/deliveries/1", null);
        assertThat(services.all().stream().mapToInt(service -> service.requests().size()).sum())
                .as("requests forwarded").isEqualTo(2);
        assertThat(SessionsAskedFor.COUNT).as("requests that asked for a session").hasValue(0);
    }

    /** WebFlux's own session manager, counting the requests whose handling subscribes to their session. */
    @TestConfiguration(proxyBeanMethods = false)
    static class SessionsAskedFor {

        static final AtomicInteger COUNT = new AtomicInteger();

        @Bean(WebHttpHandlerBuilder.WEB_SESSION_MANAGER_BEAN_NAME)
        WebSessionManager webSessionManager() {
            DefaultWebSessionManager sessions = new DefaultWebSessionManager();
            return exchange -> Mono.defer(() -> {
                COUNT.incrementAndGet();
                return sessions.getSession(exchange);
            });
        }
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @CsvSource({
            "anonymous,   GET,    /schedules,          in",
            "anonymous,   GET,    /schedules/1,        in",
            "anonymous,   POST,   /schedules,          401",
            "alice,       POST,   /schedules,          403",
            "admin,       POST,   /schedules,          in",
            "anonymous,   POST,   /reservations,       401",
            "admin,       POST,   /reservations,       403",
            "alice,       POST,   /reservations,       in",
            "alice,       DELETE, /reservations/1,     in",
            "operator,    DELETE, /reservations/1,     403",
            "anonymous,   GET,    /reservations/1,     401",
            "alice,       GET,    /myPages/1,          in",
            "anonymous,   GET,    /myPages/1,          401",
            "alice,       GET,    /deliveries/1,       403",
            "operator,    PUT,    /deliveries/1/status, in",
            "admin,       PUT,    /deliveries/1/status, 403",
            "reservation, GET,    /reservations/1,     403",
            "anonymous,   GET,    /nothing/here,       401",
    })
    void eachCallerReachesOnlyWhatTheirRoleAllows(String caller, String method, String path, String expected) {
        var response = new Http(port, TestTokens.of(caller)).send(method, path,
                method.equals("GET") || method.equals("DELETE") ? null : "{}");
        boolean reached = services.all().stream().anyMatch(service -> !service.requests().isEmpty());
        if (expected.equals("in")) {
            assertThat(reached).as("forwarded").isTrue();
        } else {
            assertThat(response.statusCode()).isEqualTo(Integer.parseInt(expected));
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(reached).as("no service saw it").isFalse();
        }
    }

    @Test
    void forgedExpiredForeignAndWrongIssuerTokensAreRefusedBeforeRouting() {
        for (String token : new String[] {TestTokens.forged("alice"), TestTokens.expired("alice"),
                TestTokens.forAnotherAudience("alice"), TestTokens.fromAnotherIssuer("alice"), "garbage"}) {
            var response = new Http(port, token).send("GET", "/myPages/1", null);
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.body()).contains("\"code\":\"UNAUTHENTICATED\"");
        }
        assertThat(services.customercenter.requests()).isEmpty();
    }

    @Test
    void itsHealthSaysUpOrDownToAnyoneAndShowsItsDetailsToClinicStaffOnly() {
        for (String caller : new String[] {"anonymous", "alice"}) {
            for (String path : new String[] {"/actuator/health", "/actuator/health/readiness"}) {
                var response = new Http(port, TestTokens.of(caller)).get(path);
                assertThat(response.statusCode()).as(path).isEqualTo(200);
                assertThat(response.body()).as("%s as %s", path, caller).contains("\"status\":\"UP\"")
                        .doesNotContain("components", "details");
            }
        }
        var staff = new Http(port, TestTokens.of("operator")).get("/actuator/health");
        assertThat(staff.body()).contains("\"components\"", "\"readinessState\"");
    }

    @Test
    void browsersMayCallOnlyFromTheConfiguredOrigins() throws Exception {
        assertThat(preflight("https://clinic.example").headers().firstValue("Access-Control-Allow-Origin"))
                .hasValue("https://clinic.example");
        HttpResponse<String> elsewhere = preflight("https://evil.example");
        assertThat(elsewhere.statusCode()).isEqualTo(403);
        assertThat(elsewhere.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    private HttpResponse<String> preflight(String origin) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/reservations"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
