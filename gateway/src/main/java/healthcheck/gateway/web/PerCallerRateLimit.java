package healthcheck.gateway.web;

import java.net.InetSocketAddress;
import java.time.Duration;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.support.ipresolver.RemoteAddressResolver;
import org.springframework.cloud.gateway.support.ipresolver.XForwardedRemoteAddressResolver;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import healthcheck.gateway.config.GatewayProperties;

/**
 * Each caller gets its own token bucket, so one client (a script, a stolen token, a broken retry loop) cannot take
 * the capacity every other customer needs in a booking rush. A caller is the token's subject; without a token it is
 * the client's address (the nearest untrusted hop of X-Forwarded-For behind {@code trusted-proxies} proxies).
 * Excess requests get 429 problem+json with Retry-After and never reach a service.
 *
 * <p>Runs after Spring Security (order 0 &gt; its -100), so the token is already checked and a forged one is a
 * 401, never a bucket. Spring Cloud Gateway's own RequestRateLimiter filter needs Redis and answers with an empty
 * body; Bucket4j's local buckets in a bounded Caffeine cache give the same algorithm in memory. The limit is per
 * gateway instance: with replicas, see the README (Who may do what).
 */
@Component
class PerCallerRateLimit implements WebFilter, Ordered {

    private final GatewayProperties.RateLimit limit;
    private final LoadingCache<String, Bucket> buckets;
    private final RemoteAddressResolver addresses;
    private final Counter refused;

    PerCallerRateLimit(GatewayProperties properties, MeterRegistry meters) {
        this.limit = properties.rateLimit();
        // an evicted bucket had refilled completely anyway; under a flood of new callers the oldest go first
        this.buckets = Caffeine.newBuilder()
                .maximumSize(limit.maxCallers())
                .expireAfterAccess(limit.refillTime())
                .build(caller -> Bucket.builder()
                        .addLimit(bandwidth -> bandwidth.capacity(limit.burst())
                                .refillGreedy(limit.perSecond(), Duration.ofSeconds(1)))
                        .build());
        // the interface's default is the connection's own address
        this.addresses = limit.trustedProxies() == 0 ? new RemoteAddressResolver() { }
                : XForwardedRemoteAddressResolver.maxTrustedIndex(limit.trustedProxies());
        this.refused = Counter.builder("healthcheck.gateway.rate.limited")
                .description("Requests refused because their caller exceeded the per-caller limit")
                .register(meters);
    }

    @Override
    public int getOrder() {
        return 0;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!limit.enabled() || exchange.getRequest().getPath().value().startsWith("/actuator/")) {
            // the probes: a kubelet or load balancer polling them must never be refused
            return chain.filter(exchange);
        }
        return caller(exchange).flatMap(caller -> {
            ConsumptionProbe probe = buckets.get(caller).tryConsumeAndReturnRemaining(1);
            if (probe.isConsumed()) {
                return chain.filter(exchange);
            }
            refused.increment();
            long seconds = Math.max(1, Math.ceilDiv(probe.getNanosToWaitForRefill(), 1_000_000_000L));
            exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
            return Problems.write(exchange, HttpStatus.TOO_MANY_REQUESTS, "RATE_LIMITED",
                    "Too many requests from this caller (at most " + limit.perSecond() + " a second, "
                            + limit.burst() + " at once). Try again after " + seconds + " s.");
        });
    }

    private Mono<String> caller(ServerWebExchange exchange) {
        return ReactiveSecurityContextHolder.getContext()
                .mapNotNull(context -> context.getAuthentication() instanceof JwtAuthenticationToken token
                        ? "token:" + token.getToken().getSubject() : null)
                .switchIfEmpty(Mono.fromSupplier(() -> "address:" + address(exchange)));
    }

    private String address(ServerWebExchange exchange) {
        InetSocketAddress address = addresses.resolve(exchange);
        return address == null ? "unknown" : address.getAddress() == null ? address.getHostString()
                : address.getAddress().getHostAddress();
    }
}
