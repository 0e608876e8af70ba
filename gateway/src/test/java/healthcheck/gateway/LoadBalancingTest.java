package healthcheck.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Two instances of schedule, listed as bin/stack --instances 2 lists them: the gateway spreads requests over both
 * and stops sending to one as soon as its readiness says it is going away.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.cloud.loadbalancer.configurations=health-check",
                "spring.cloud.loadbalancer.health-check.interval=200ms"})
class LoadBalancingTest {

    @RegisterExtension
    static final StubServices services = new StubServices();
    static final StubService schedule2 = new StubService("schedule");

    @DynamicPropertySource
    static void downstreams(DynamicPropertyRegistry registry) {
        services.wire(registry);
        registry.add("spring.cloud.discovery.client.simple.instances.schedule[0].uri", services.schedule::url);
        registry.add("spring.cloud.discovery.client.simple.instances.schedule[1].uri", schedule2::url);
    }

    @AfterAll
    static void stopStubs() {
        schedule2.close();
    }

    @LocalServerPort
    int port;

    @BeforeEach
    void reset() {
        services.reset();
        schedule2.reset();
    }

    @Test
    void requestsAreSpreadOverEveryInstance() throws InterruptedException {
        Http http = new Http(port);
        awaitInRotation(http, schedule2);
        services.schedule.forgetRequests();
        schedule2.forgetRequests();
        for (int i = 0; i < 10; i++) {
            assertThat(http.get("/schedules/" + i).statusCode()).isEqualTo(200);
        }

        // round robin, give or take the moment a check round rebuilds the list of ready instances
        assertThat(services.schedule.requests().size() + schedule2.requests().size()).isEqualTo(10);
        assertThat(services.schedule.requests()).hasSizeGreaterThanOrEqualTo(3);
        assertThat(schedule2.requests()).hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void anInstanceWhoseReadinessIsDownGetsNoRequestOnceTheBalancerHasSeenItAndAgainWhenItIsBack()
            throws InterruptedException {
        Http http = new Http(port);
        schedule2.ready(false);
        awaitOnlyFirstInstanceServes(http);

        schedule2.forgetRequests();
        services.schedule.forgetRequests();
        for (int i = 0; i < 10; i++) {
            assertThat(http.get("/schedules/" + i).statusCode()).isEqualTo(200);
        }
        assertThat(schedule2.requests()).isEmpty();
        assertThat(services.schedule.requests()).hasSize(10);

        schedule2.ready(true);
        awaitInRotation(http, schedule2);
    }

    @Test
    void withNoInstanceReadyEveryListedInstanceIsStillSentRequestsRatherThanEveryCustomerRefused()
            throws InterruptedException {
        Http http = new Http(port);
        schedule2.ready(false);
        awaitOnlyFirstInstanceServes(http);
        services.schedule.ready(false);
        // once a check round finds neither ready, the one whose readiness was already down gets requests again
        awaitInRotation(http, schedule2);
        services.schedule.forgetRequests();
        schedule2.forgetRequests();

        for (int i = 0; i < 10; i++) {
            assertThat(http.get("/schedules/" + i).statusCode()).isEqualTo(200);
        }
        // a probe slower than the check interval looks like "not ready" on a busy machine; refusing everyone then
        // would turn a slow probe into an outage
        assertThat(services.schedule.requests()).isNotEmpty();
        assertThat(schedule2.requests()).isNotEmpty();

        services.schedule.ready(true);
        schedule2.ready(true);
    }

    /** Until the instance gets requests again (the balancer checks every 200 ms here). */
    private static void awaitInRotation(Http http, StubService instance) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (instance.requests().isEmpty() && System.nanoTime() < deadline) {
            http.get("/schedules/1");
            Thread.sleep(50);
        }
        assertThat(instance.requests()).as("in rotation once ready").isNotEmpty();
    }

    /** Until a round of requests reaches the first instance only (the balancer checks every 200 ms here). */
    private void awaitOnlyFirstInstanceServes(Http http) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            schedule2.forgetRequests();
            for (int i = 0; i < 4; i++) {
                http.get("/schedules/1");
            }
            if (schedule2.requests().isEmpty()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the balancer kept sending to an instance whose readiness was down: "
                + List.of(schedule2.requests()));
    }
}
