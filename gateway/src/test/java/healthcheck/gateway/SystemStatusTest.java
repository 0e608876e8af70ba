package healthcheck.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SystemStatusTest {

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

    @AfterAll
    static void stopStubs() {
        services.close();
    }

    @LocalServerPort
    int port;

    @BeforeEach
    void allReady() {
        services.reset();
    }

    @Test
    void allServicesReadyIsUpWith200AndEveryServiceListedWithUrlAndLatency() {
        HttpResponse<String> response = new Http(port).get("/system/status");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode status = json.readTree(response.body());
        assertThat(status.get("status").asString()).isEqualTo("UP");
        JsonNode services = status.get("services");
        assertThat(services.propertyNames()).containsExactly("schedule", "reservation", "delivery", "customercenter");
        assertThat(services.get("schedule").get("status").asString()).isEqualTo("UP");
        assertThat(services.get("schedule").get("url").asString()).isEqualTo(schedule.url());
        assertThat(services.get("delivery").get("url").asString()).isEqualTo(delivery.url());
        assertThat(services.get("customercenter").get("latencyMs").isNumber()).isTrue();
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
