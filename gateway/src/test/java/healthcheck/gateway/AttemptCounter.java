package healthcheck.gateway;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import reactor.core.publisher.Mono;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.NettyRoutingFilter;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;

/**
 * Counts how often the gateway tries to send a request downstream, and where each request with an Idempotency-Key
 * was sent. It sits right before the routing filter, after the balancer's choice, so the Retry filter passes
 * through it on every attempt, including attempts that never connect (which a stub server cannot see).
 */
@TestConfiguration(proxyBeanMethods = false)
class AttemptCounter implements GlobalFilter, Ordered {

    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private final Map<String, Queue<String>> instancesByKey = new ConcurrentHashMap<>();

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        String key = exchange.getRequest().getMethod() + " " + exchange.getRequest().getPath().value();
        attempts.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        String idempotencyKey = exchange.getRequest().getHeaders().getFirst("Idempotency-Key");
        URI instance = exchange.getAttribute(GATEWAY_REQUEST_URL_ATTR);
        if (idempotencyKey != null && instance != null) {
            instancesByKey.computeIfAbsent(idempotencyKey, k -> new ConcurrentLinkedQueue<>())
                    .add(instance.getHost() + ":" + instance.getPort());
        }
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

    /** host:port of every instance the request with this key was sent to, in order. */
    List<String> instancesTried(String idempotencyKey) {
        Queue<String> tried = instancesByKey.get(idempotencyKey);
        return tried == null ? List.of() : List.copyOf(tried);
    }

    void reset() {
        attempts.clear();
        instancesByKey.clear();
    }
}
