package healthcheck.gateway.config;

import java.util.List;

import reactor.core.publisher.Flux;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.loadbalancer.core.DelegatingServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;

/**
 * When the readiness checks find no instance of a service ready, chooses among every listed one instead of
 * answering 503 at once (what Envoy calls panic mode). Spring Cloud LoadBalancer's check counts an answer slower
 * than its 2 s interval as not ready, and on a saturated machine a healthy instance's probe can be that slow: in a
 * rollout drill the only customercenter, at a lower CPU priority while JVMs started beside it, looked down for two
 * seconds and 15 MyPage reads were told 503 with the service up. Sent anyway, a request to an instance that really is
 * gone is refused and, where repeating is safe, repeated on another (NotTheInstanceJustTried).
 */
final class EveryInstanceWhenNoneReady extends DelegatingServiceInstanceListSupplier {

    private final ServiceInstanceListSupplier listed;

    /** @param ready the readiness-checked instances; @param listed every instance, unchecked */
    EveryInstanceWhenNoneReady(ServiceInstanceListSupplier ready, ServiceInstanceListSupplier listed) {
        super(ready);
        this.listed = listed;
    }

    @Override
    public Flux<List<ServiceInstance>> get() {
        return delegate.get().concatMap(ready -> ready.isEmpty() ? listed.get().take(1) : Flux.just(ready));
    }

    @Override
    public Flux<List<ServiceInstance>> get(Request request) {
        return delegate.get(request)
                .concatMap(ready -> ready.isEmpty() ? listed.get(request).take(1) : Flux.just(ready));
    }
}
