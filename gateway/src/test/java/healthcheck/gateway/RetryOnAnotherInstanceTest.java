package healthcheck.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import healthcheck.testsupport.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The moment an instance has gone and the balancer has not noticed yet (its readiness checks are off here, as with
 * one URL; LoadBalancingTest turns them on): a request sent to it is repeated on the other instance when repeating it
 * is safe, and only then.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        // alice books as a crowd here, as bin/stack's demo customers do
        properties = {"healthcheck.gateway.rate-limit.per-second=5000", "healthcheck.gateway.rate-limit.burst=5000"})
@Import(AttemptCounter.class)
class RetryOnAnotherInstanceTest {

    @RegisterExtension
    static final StubServices services = new StubServices();
    static final String goneInstance = StubService.refusedUrl();

    @DynamicPropertySource
    static void downstreams(DynamicPropertyRegistry registry) {
        services.wire(registry);
        registry.add("spring.cloud.discovery.client.simple.instances.reservation[0].uri", () -> goneInstance);
        registry.add("spring.cloud.discovery.client.simple.instances.reservation[1].uri",
                services.reservation::url);
    }

    @LocalServerPort
    int port;

    @Autowired
    AttemptCounter attempts;

    @BeforeEach
    void reset() {
        services.reset();
        attempts.reset();
    }

    @Test
    void readsAndCancelsAreRepeatedOnTheLiveInstance() {
        Http alice = new Http(port, TestTokens.customer("alice"));
        for (int i = 0; i < 4; i++) {
            assertThat(alice.get("/reservations/" + i).statusCode()).isEqualTo(200);
            assertThat(alice.send("DELETE", "/reservations/" + i, null).statusCode()).isEqualTo(200);
        }
        assertThat(services.reservation.requests()).hasSize(8);
    }

    @Test
    void aBookingWithAnIdempotencyKeyIsRepeatedOnTheLiveInstanceAndReachesItOnce() throws Exception {
        for (int i = 0; i < 4; i++) {
            assertThat(book(UUID.randomUUID().toString()).statusCode()).isEqualTo(200);
        }
        assertThat(services.reservation.requests()).hasSize(4);
        assertThat(attempts.attempts("POST", "/reservations")).as("those sent to the gone one first were repeated")
                .isGreaterThan(4);
    }

    @Test
    void customersBookingAtOnceHaveEveryRepeatSentToTheOtherInstanceNeverBackToTheGoneOne() throws Exception {
        List<String> keys = IntStream.range(0, 64).mapToObj(i -> UUID.randomUUID().toString()).toList();
        List<Integer> statuses;
        // concurrent bookings move the balancer's one round-robin counter between a booking's attempts
        try (ExecutorService customers = Executors.newFixedThreadPool(16)) {
            List<Future<Integer>> answers = keys.stream()
                    .map(key -> customers.submit(() -> book(key).statusCode())).toList();
            statuses = new ArrayList<>();
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get());
            }
        }

        assertThat(statuses).containsOnly(200);
        assertThat(services.reservation.requests()).hasSize(keys.size());
        String gone = URI.create(goneInstance).getAuthority();
        for (String key : keys) {
            List<String> tried = attempts.instancesTried(key);
            assertThat(tried).as("instances tried by booking %s", key).doesNotHaveDuplicates()
                    .hasSizeLessThanOrEqualTo(2);
            assertThat(tried.getLast()).isNotEqualTo(gone);
        }
    }

    @Test
    void aBookingWithoutAKeyIsNeverRepeatedItsCustomerGetsA503AndDecides() throws Exception {
        int refused = 0;
        for (int i = 0; i < 4; i++) {
            HttpResponse<String> response = book(null);
            if (response.statusCode() == 503) {
                refused++;
                assertThat(response.body()).contains("\"code\":\"SERVICE_UNREACHABLE\"");
            }
        }
        assertThat(refused).as("every other one went to the gone instance").isEqualTo(2);
        assertThat(attempts.attempts("POST", "/reservations")).isEqualTo(4);
        assertThat(services.reservation.requests()).hasSize(2);
    }

    private HttpResponse<String> book(String idempotencyKey) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/reservations"))
                .header("Authorization", TestTokens.bearer(TestTokens.customer("alice")))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"scheduleId\":1,\"reservationCount\":1}"));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
