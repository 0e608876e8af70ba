package healthcheck.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import healthcheck.gateway.config.GatewayProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import reactor.core.publisher.Mono;

/** Who counts as one anonymous caller, with and without proxies in front, and which settings are refused. */
class PerCallerRateLimitTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final AtomicInteger passed = new AtomicInteger();

    @Test
    void behindATrustedProxyEachClientAddressTheProxyReportsHasItsOwnBucket() {
        PerCallerRateLimit limit = limiter(1);

        for (int i = 0; i < 2; i++) {
            send(limit, "203.0.113.7");
            send(limit, "203.0.113.8");
        }

        assertThat(passed).hasValue(4);
        assertThat(send(limit, "203.0.113.7")).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(meters.counter("healthcheck.gateway.rate.limited").count()).isEqualTo(1);
    }

    @Test
    void behindATrustedProxyOnlyTheAddressTheProxyAppendedCountsNotOnesTheClientWrote() {
        PerCallerRateLimit limit = limiter(1);

        send(limit, "198.51.100.1, 203.0.113.9");
        send(limit, "198.51.100.2, 203.0.113.9");

        assertThat(send(limit, "198.51.100.3, 203.0.113.9")).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
    }

    @Test
    void withoutTrustedProxiesTheForwardedForHeaderIsIgnored() {
        PerCallerRateLimit limit = limiter(0);

        send(limit, "203.0.113.1");
        send(limit, "203.0.113.2");

        assertThat(send(limit, "203.0.113.3")).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
    }

    @Test
    void aBucketIsForgottenOnlyOnceItWouldHaveRefilledCompletely() {
        assertThat(new GatewayProperties.RateLimit(true, 20, 40, 0, 10).refillTime()).isEqualTo(Duration.ofSeconds(2));
        assertThat(new GatewayProperties.RateLimit(true, 3, 1, 0, 10).refillTime()).isEqualTo(Duration.ofNanos(333_333_334));
    }

    @Test
    void aLimitThatCouldNeverPassAnythingIsRefusedAtStartup() {
        assertThatThrownBy(() -> new GatewayProperties.RateLimit(true, 0, 40, 0, 10))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GatewayProperties.RateLimit(true, 20, 0, 0, 10))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GatewayProperties.RateLimit(true, 20, 40, -1, 10))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private PerCallerRateLimit limiter(int trustedProxies) {
        var properties = new GatewayProperties(Map.of(), Duration.ofSeconds(2),
                new GatewayProperties.RateLimit(true, 1, 2, trustedProxies, 1000));
        return new PerCallerRateLimit(properties, meters);
    }

    /** One anonymous request from the proxy at 10.0.0.1; the status it got, or null when it passed. */
    private HttpStatus send(PerCallerRateLimit limit, String forwardedFor) {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/schedules")
                .remoteAddress(new InetSocketAddress("10.0.0.1", 40000))
                .header("X-Forwarded-For", forwardedFor));
        limit.filter(exchange, passing -> Mono.fromRunnable(passed::incrementAndGet)).block();
        return (HttpStatus) exchange.getResponse().getStatusCode();
    }
}
