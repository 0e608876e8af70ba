package healthcheck.gateway;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import reactor.core.publisher.Mono;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.NettyRoutingFilter;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;

/**
 * Counts how often the gateway tries to send a request downstream. It sits right before the routing filter, so
 * the Retry filter passes through it on every attempt, including attempts that never connect (which a stub
 * server cannot see).
 */
@TestConfiguration(proxyBeanMethods = false)
class AttemptCounter implements GlobalFilter, Ordered {

    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        String key = exchange.getRequest().getMethod() + " " + exchange.getRequest().getPath().value();
        attempts.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        return chain.filter(exchange);
    }

    @Override
    public int getOrder() {
        return NettyRoutingFilter.ORDER - 1;
    }

    int attempts(String method, String path) {
        AtomicInteger count = attempts.get(method + " " + path);
        return count == null ? 0 : count.get();
    }

    void reset() {
        attempts.clear();
    }
}
