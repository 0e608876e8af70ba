package healthcheck.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Every service is stopped: ports nothing listens on, so each connection is refused. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(AttemptCounter.class)
class NoDownstreamRunningTest {

    static final String scheduleUrl = StubService.refusedUrl();

    static final JsonMapper json = JsonMapper.builder().build();

    @DynamicPropertySource
    static void downstreams(DynamicPropertyRegistry registry) {
        registry.add("SCHEDULE_URL", () -> scheduleUrl);
        registry.add("RESERVATION_URL", StubService::refusedUrl);
        registry.add("DELIVERY_URL", StubService::refusedUrl);
        registry.add("CUSTOMERCENTER_URL", StubService::refusedUrl);
    }

    @LocalServerPort
    int port;

    @Autowired
    AttemptCounter attempts;

    Http http;

    @BeforeEach
    void setUp() {
        http = new Http(port);
        attempts.reset();
    }

    @Test
    void livenessIsUpWithNoServiceRunning() {
        HttpResponse<String> response = http.get("/actuator/health/liveness");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json.readTree(response.body()).get("status").asString()).isEqualTo("UP");
    }

    @Test
    void readinessIsUpWithNoServiceRunningBecauseTheGatewayCanStillAnswer() {
        HttpResponse<String> response = http.get("/actuator/health/readiness");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json.readTree(response.body()).get("status").asString()).isEqualTo("UP");
    }

    @Test
    void systemStatusIsDownWith503AndEveryServiceDownWithTheReason() {
        HttpResponse<String> response = http.get("/system/status");

        assertThat(response.statusCode()).isEqualTo(503);
        JsonNode status = json.readTree(response.body());
        assertThat(status.get("status").asString()).isEqualTo("DOWN");
        JsonNode services = status.get("services");
        assertThat(services.propertyNames()).containsExactly("schedule", "reservation", "delivery", "customercenter");
        services.values().forEach(service -> {
            assertThat(service.get("status").asString()).isEqualTo("DOWN");
            assertThat(service.get("error").asString()).isIn("refused the connection", "could not be asked");
            assertThat(service.has("httpStatus")).isFalse();
        });
        assertThat(response.body()).as("a public summary names no internal address")
                .doesNotContain(scheduleUrl).doesNotContain("localhost").doesNotContain("Connection");
    }

    @Test
    void getToARefusedServiceIsRetriedThenAnswersA503ProblemQuickly() {
        long started = System.nanoTime();
        HttpResponse<String> response = http.get("/schedules/1");
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(503);
        assertThat(problem.get("title").asString()).isEqualTo("Service unavailable");
        assertThat(problem.get("code").asString()).isEqualTo("SERVICE_UNREACHABLE");
        assertThat(problem.get("detail").asString()).contains("schedule").contains("try again");
        assertThat(problem.get("service").asString()).isEqualTo("schedule");
        assertThat(problem.get("instance").asString()).isEqualTo("/schedules/1");
        // the first attempt and three retries
        assertThat(attempts.attempts("GET", "/schedules/1")).isEqualTo(4);
        // refused connections fail at once: only the backoff (50 + 100 + 200 ms) and a cold JVM add up
        assertThat(took).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void deleteToARefusedServiceIsRetriedToo() {
        HttpResponse<String> response = http.send("DELETE", "/reservations/3", null);

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(attempts.attempts("DELETE", "/reservations/3")).isEqualTo(4);
    }

    @Test
    void postToARefusedServiceIsTriedOnceAndAnswersA503Problem() {
        HttpResponse<String> response = http.send("POST", "/reservations",
                "{\"reservationId\":1,\"scheduleId\":1,\"reservationCount\":10}");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(attempts.attempts("POST", "/reservations")).isEqualTo(1);
    }
}
