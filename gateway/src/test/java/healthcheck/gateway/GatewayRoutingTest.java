package healthcheck.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import healthcheck.testsupport.Logging;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cloud.gateway.handler.RoutePredicateHandlerMapping;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.web.reactive.DispatcherHandler;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.cloud.gateway.server.webflux.httpclient.response-timeout=1500ms")
@Import(AttemptCounter.class)
class GatewayRoutingTest {

    @RegisterExtension
    static final StubServices services = new StubServices();
    static final StubService schedule = services.schedule;
    static final StubService reservation = services.reservation;
    static final StubService delivery = services.delivery;
    static final StubService customercenter = services.customercenter;

    static final JsonMapper json = JsonMapper.builder().build();

    @DynamicPropertySource
    static void downstreams(DynamicPropertyRegistry registry) {
        services.wire(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    AttemptCounter attempts;

    @Autowired
    RouteLocator routes;

    @Autowired
    DispatcherHandler dispatcher;

    Http http;

    @BeforeEach
    void setUp() {
        http = new Http(port);
        attempts.reset();
        services.reset();
    }

    private StubService stub(String name) {
        return switch (name) {
            case "schedule" -> schedule;
            case "reservation" -> reservation;
            case "delivery" -> delivery;
            case "customercenter" -> customercenter;
            default -> throw new IllegalArgumentException(name);
        };
    }

    @ParameterizedTest(name = "{0} {1} reaches {3}")
    @CsvSource(delimiter = '|', value = {
            "POST   | /schedules                 |                      | schedule       | {\"scheduleId\":1,\"availableCount\":100}",
            "GET    | /schedules/1               |                      | schedule       | ",
            "GET    | /schedules                 | page=2&size=5        | schedule       | ",
            "POST   | /reservations              |                      | reservation    | {\"reservationId\":1,\"scheduleId\":1,\"reservationCount\":10}",
            "GET    | /reservations              | customerId=c-1       | reservation    | ",
            "DELETE | /reservations/7            |                      | reservation    | ",
            "GET    | /deliveries                | reservationId=7      | delivery       | ",
            "PUT    | /deliveries/3/status       |                      | delivery       | {\"status\":\"STARTED\"}",
            "GET    | /myPages/7                 |                      | customercenter | ",
            "GET    | /myPages                   | customerId=c-1       | customercenter | ",
    })
    void eachRouteForwardsMethodPathQueryAndBodyToItsService(String method, String path, String query,
            String service, String body) {
        String target = query == null ? path : path + "?" + query;

        HttpResponse<String> response = http.send(method, target, body);

        assertThat(response.statusCode()).isEqualTo(200);
        List<StubService.Recorded> received = stub(service).requests();
        assertThat(received).singleElement().satisfies(request -> {
            assertThat(request.method()).isEqualTo(method);
            assertThat(request.path()).isEqualTo(path);
            assertThat(request.query()).isEqualTo(query);
            assertThat(request.body()).isEqualTo(body == null ? "" : body);
            assertThat(request.authorization()).as("the token is relayed for the service to check again")
                    .startsWith("Bearer ey");
            if (body != null) {
                assertThat(request.contentType()).startsWith("application/json");
            }
        });
        // and no other service saw it
        services.all().stream()
                .filter(other -> other != stub(service))
                .forEach(other -> assertThat(other.requests()).isEmpty());
        assertThat(response.body()).contains("\"service\":\"" + service + "\"");
    }

    @Test
    void everyRouteIsLoadedFromTheServerWebfluxPrefixAndBalanced() {
        var loaded = routes.getRoutes().collectList().block();
        assertThat(loaded).extracting(route -> route.getId()).containsExactlyInAnyOrder("schedule", "reservation",
                "delivery", "customercenter", "schedule-with-key", "reservation-with-key");
        assertThat(loaded).allSatisfy(route -> assertThat(route.getUri().getScheme()).isEqualTo("lb"));
    }

    /** A forward is not matched against the actuator's and /system/status's mappings before its route. */
    @Test
    void theRoutesAreLookedUpFirst() {
        assertThat(dispatcher.getHandlerMappings()).first().isInstanceOf(RoutePredicateHandlerMapping.class);
        assertThat(http.get("/system/status").statusCode()).isEqualTo(200);
        assertThat(http.get("/actuator/health/readiness").statusCode()).isEqualTo(200);
    }

    @Test
    void noLoggingFilterIsAskedBeforeEveryLevelCheck() {
        // application.yml leaves out Micrometer's log-event counter, whose turbo filter would sit there
        LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();

        assertThat(logging.getTurboFilterList()).isEmpty();
    }

    @Test
    void aDebugMessageIsNotRenderedWhileDebugIsOff() {
        // Spring Security logs LogMessage.format(...) at debug on every request; rendering it anyway cost CPU
        Logging.assertDebugMessagesAreNotRenderedWhileDebugIsOff();
    }

    @Test
    void theRouteListIsNotExposedItNamesEveryInternalUrl() {
        assertThat(http.get("/actuator/gateway/routes").statusCode()).isEqualTo(404);
        assertThat(http.get("/actuator").statusCode()).isEqualTo(404);
    }

    @Test
    void getIsRetriedWithBackoffWhenTheServiceAnswers503TwiceThen200() {
        schedule.script("/schedules/1", StubService.status(503), StubService.status(503));

        long started = System.nanoTime();
        HttpResponse<String> response = http.get("/schedules/1");
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"service\":\"schedule\"");
        assertThat(schedule.requestsTo("/schedules/1")).hasSize(3);
        // backoff 50 ms then 100 ms: the retries were spaced out, not fired back to back
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(140));
    }

    @Test
    void getIsRetriedOn502() {
        delivery.script("/deliveries/5", StubService.status(502));

        HttpResponse<String> response = http.get("/deliveries/5");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(delivery.requestsTo("/deliveries/5")).hasSize(2);
    }

    @Test
    void deleteTheIdempotentCancelIsRetriedWhenTheServiceAnswers503TwiceThen200() {
        reservation.script("/reservations/9", StubService.status(503), StubService.status(503));

        HttpResponse<String> response = http.send("DELETE", "/reservations/9", null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(reservation.requestsTo("/reservations/9")).hasSize(3)
                .allSatisfy(request -> assertThat(request.method()).isEqualTo("DELETE"));
    }

    @Test
    void postIsNeverRetriedTheServiceSeesItOnceAndTheClientGetsTheServices503() {
        reservation.script("/reservations", StubService.status(503), StubService.status(503));
        String booking = "{\"reservationId\":1,\"scheduleId\":1,\"reservationCount\":10}";

        HttpResponse<String> response = http.send("POST", "/reservations", booking);

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).contains("\"from\":\"stub\"");
        assertThat(reservation.requestsTo("/reservations")).singleElement()
                .satisfies(request -> assertThat(request.body()).isEqualTo(booking));
        assertThat(attempts.attempts("POST", "/reservations")).isEqualTo(1);
    }

    @Test
    void putIsNotRetriedEither() {
        delivery.script("/deliveries/4/status", StubService.status(503));

        HttpResponse<String> response = http.send("PUT", "/deliveries/4/status", "{\"status\":\"SHIPPED\"}");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(delivery.requestsTo("/deliveries/4/status")).hasSize(1);
    }

    @Test
    void a500IsPassedThroughWithoutRetryBecauseItIsABugNotAnOutage() {
        schedule.script("/schedules/2", StubService.status(500));

        HttpResponse<String> response = http.get("/schedules/2");

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(schedule.requestsTo("/schedules/2")).hasSize(1);
    }

    @Test
    void getStillFailingAfterThreeRetriesReturnsTheServicesLast503() {
        schedule.script("/schedules/3", StubService.status(503), StubService.status(503),
                StubService.status(503), StubService.status(503), StubService.status(503));

        HttpResponse<String> response = http.get("/schedules/3");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(schedule.requestsTo("/schedules/3")).hasSize(4);
    }

    @Test
    void servicesOwnErrorResponsesPassThroughUnchanged() {
        schedule.script("/schedules/404", new StubService.Reply(404, "application/problem+json",
                "{\"title\":\"Not found\",\"status\":404,\"code\":\"SCHEDULE_NOT_FOUND\"}"));

        HttpResponse<String> response = http.get("/schedules/404");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("SCHEDULE_NOT_FOUND");
    }

    @Test
    void aServiceThatNeverAnswersGivesA504ProblemAfterTheResponseTimeoutNotAHang() {
        customercenter.script("/myPages/1", StubService.hang());

        long started = System.nanoTime();
        HttpResponse<String> response = http.get("/myPages/1");
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(response.statusCode()).isEqualTo(504);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(504);
        assertThat(problem.get("code").asString()).isEqualTo("SERVICE_TIMEOUT");
        assertThat(problem.get("service").asString()).isEqualTo("customercenter");
        // the stub holds the request for 30 s; the bound is loose because a cold JVM on a busy CI box is slow
        assertThat(took).isLessThan(Duration.ofSeconds(10));
        // a timeout is not repeated: the wait would multiply
        assertThat(customercenter.requestsTo("/myPages/1")).hasSize(1);
    }

    @Test
    void theInternalHoldEndpointIsNotRoutedSoNobodyCanTakePlacesWithoutABooking() {
        HttpResponse<String> response = http.send("POST", "/schedules/1/holds",
                "{\"holdId\":\"3f1c9a52-7a43-4c1e-9d1e-0c8a7b6d5e41\",\"reservationId\":9,\"count\":50}");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(schedule.requestsTo("/schedules/1/holds")).isEmpty();
    }

    @Test
    void anUnknownPathIsA404ProblemFromTheGateway() {
        HttpResponse<String> response = http.get("/nothing/here");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(404);
        assertThat(problem.get("title").asString()).isEqualTo("Not found");
        assertThat(problem.get("code").asString()).isEqualTo("NO_SUCH_ENDPOINT");
        assertThat(problem.get("instance").asString()).isEqualTo("/nothing/here");
        services.all()
                .forEach(stub -> assertThat(stub.requests()).isEmpty());
    }

    @Test
    void aPathThatOnlySharesAPrefixIsNotRouted() {
        HttpResponse<String> response = http.get("/schedulesX");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(schedule.requests()).isEmpty();
    }
}
