package healthcheck.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import healthcheck.testsupport.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The per-caller limit, at 1 request a second with a burst of 3 so a test can reach it. Each test acts as a caller of
 * its own: buckets outlive a test.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "healthcheck.gateway.rate-limit.per-second=1",
        "healthcheck.gateway.rate-limit.burst=3"})
class GatewayRateLimitTest {

    @RegisterExtension
    static final StubServices services = new StubServices();

    @DynamicPropertySource
    static void downstreams(DynamicPropertyRegistry registry) {
        services.wire(registry);
    }

    @LocalServerPort
    int port;

    @Test
    void aCallerOverTheBurstGets429ProblemWithRetryAfterAndNoServiceSeesTheExcess() {
        Http carol = new Http(port, TestTokens.customer("carol"));
        List<HttpResponse<String>> responses = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            responses.add(carol.get("/reservations/" + i + "?by=carol"));
        }

        assertThat(responses).extracting(HttpResponse::statusCode).containsExactly(200, 200, 200, 429, 429);
        HttpResponse<String> refused = responses.get(3);
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(refused.body()).contains("\"code\":\"RATE_LIMITED\"", "\"status\":429");
        assertThat(services.reservation.requests()).filteredOn(r -> "by=carol".equals(r.query())).hasSize(3);
    }

    @Test
    void oneCallersExcessLeavesEveryOtherCallersBudgetWhole() {
        Http dave = new Http(port, TestTokens.customer("dave"));
        for (int i = 0; i < 4; i++) {
            dave.get("/myPages/" + i);
        }
        assertThat(dave.get("/myPages/9").statusCode()).isEqualTo(429);

        Http erin = new Http(port, TestTokens.customer("erin"));
        for (int i = 0; i < 3; i++) {
            assertThat(erin.get("/myPages/" + i).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void theBucketRefillsAtTheConfiguredRate() throws InterruptedException {
        Http frank = new Http(port, TestTokens.customer("frank"));
        for (int i = 0; i < 3; i++) {
            assertThat(frank.get("/reservations/" + i).statusCode()).isEqualTo(200);
        }
        assertThat(frank.get("/reservations/3").statusCode()).isEqualTo(429);

        // one token a second: within a deadline the next request gets through again
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        int status = 429;
        while (status == 429 && System.nanoTime() < deadline) {
            Thread.sleep(100);
            status = frank.get("/reservations/4").statusCode();
        }
        assertThat(status).as("a request after the bucket refilled").isEqualTo(200);
    }

    @Test
    void anonymousCallersAreCountedByAddressAndAnXForwardedForTheyWriteThemselvesBuysNoFreshBucket()
            throws Exception {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            statuses.add(anonymous("/schedules", "203.0.113." + i).statusCode());
        }

        assertThat(statuses).containsExactly(200, 200, 200, 429, 429);
    }

    @Test
    void probesAreNeverLimited() throws Exception {
        for (int i = 0; i < 10; i++) {
            assertThat(anonymous("/actuator/health/readiness", null).statusCode()).isEqualTo(200);
        }
    }

    private HttpResponse<String> anonymous(String path, String forwardedFor) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (forwardedFor != null) {
            request.header("X-Forwarded-For", forwardedFor);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
