package healthcheck.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SystemStatusTest {

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

    @BeforeEach
    void allReady() {
        services.reset();
    }

    @Test
    void allServicesReadyIsUpWith200AndEveryServiceListedWithLatencyButNoInternalUrl() {
        HttpResponse<String> response = new Http(port).get("/system/status");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode status = json.readTree(response.body());
        assertThat(status.get("status").asString()).isEqualTo("UP");
        JsonNode services = status.get("services");
        assertThat(services.propertyNames()).containsExactly("schedule", "reservation", "delivery", "customercenter");
        assertThat(services.get("schedule").get("status").asString()).isEqualTo("UP");
        assertThat(response.body()).doesNotContain(schedule.url()).doesNotContain("127.0.0.1").doesNotContain("url");
        assertThat(services.get("customercenter").get("latencyMs").isNumber()).isTrue();
    }

    @Test
    void theDeadLettersTheServicesCountedAreShownPerServiceAndInAll() {
        delivery.script("/actuator/health/dead-letters", new StubService.Reply(200, "application/json", """
                {"status":"UP","components":{"deadLetters":{"status":"UP",
                "details":{"count":2,"topics":{"healthcheck.reservation.delivery.dlq":2}}}}}"""));
        customercenter.script("/actuator/health/dead-letters", new StubService.Reply(200, "application/json",
                "{\"status\":\"UP\",\"components\":{\"deadLetters\":{\"status\":\"UP\",\"details\":{\"count\":3}}}}"));
        reservation.script("/actuator/health/dead-letters", StubService.status(404));

        JsonNode status = json.readTree(new Http(port).get("/system/status").body());

        assertThat(status.get("deadLetters").asLong()).isEqualTo(5);
        assertThat(status.get("services").get("delivery").get("deadLetters").asLong()).isEqualTo(2);
        assertThat(status.get("services").get("customercenter").get("deadLetters").asLong()).isEqualTo(3);
        assertThat(status.get("services").get("reservation").has("deadLetters")).as("nothing to count").isFalse();
        assertThat(status.get("status").asString()).as("never part of the verdict").isEqualTo("UP");
    }

    @Test
    void oneServiceNotReadyIsDegradedWith503AndNamesThatService() {
        delivery.ready(false);

        HttpResponse<String> response = new Http(port).get("/system/status");

        assertThat(response.statusCode()).isEqualTo(503);
        JsonNode status = json.readTree(response.body());
        assertThat(status.get("status").asString()).isEqualTo("DEGRADED");
        JsonNode services = status.get("services");
        assertThat(services.get("delivery").get("status").asString()).isEqualTo("OUT_OF_SERVICE");
        assertThat(services.get("delivery").get("httpStatus").asInt()).isEqualTo(503);
        assertThat(services.get("schedule").get("status").asString()).isEqualTo("UP");
        assertThat(services.get("reservation").get("status").asString()).isEqualTo("UP");
        assertThat(services.get("customercenter").get("status").asString()).isEqualTo("UP");
    }

    @Test
    void aServiceThatBecomesReadyAgainIsReportedUpOnTheNextCall() {
        schedule.ready(false);
        assertThat(new Http(port).get("/system/status").statusCode()).isEqualTo(503);

        schedule.ready(true);

        HttpResponse<String> response = new Http(port).get("/system/status");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json.readTree(response.body()).get("status").asString()).isEqualTo("UP");
    }

    @Test
    void noServiceReadyIsDown() {
        services.all().forEach(stub -> stub.ready(false));

        HttpResponse<String> response = new Http(port).get("/system/status");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(json.readTree(response.body()).get("status").asString()).isEqualTo("DOWN");
    }

    @Test
    void systemStatusIsReadOnlyAPostIsA405ProblemNamingTheAllowedMethod() {
        HttpResponse<String> response = new Http(port).send("POST", "/system/status", "{}");

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.headers().firstValue("Allow")).hasValueSatisfying(allow -> assertThat(allow).contains("GET"));
        assertThat(json.readTree(response.body()).get("status").asInt()).isEqualTo(405);
    }
}
