package healthcheck.gateway.config;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_LOADBALANCER_RESPONSE_ATTR;

import java.util.List;

import reactor.core.publisher.Flux;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.client.loadbalancer.RequestDataContext;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.loadbalancer.core.DelegatingServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;

/**
 * Leaves out of the choice the instance the same request was just sent to, when the gateway's Retry filter repeats
 * it: an instance that refused a connection has most likely gone away, and the readiness checks only notice within
 * their interval. Round robin alone does not avoid it: with concurrent requests moving the same counter, a repeat
 * lands on the instance it just failed on about every other time, and a drill saw all four attempts of a booking
 * meet one stopped instance.
 *
 * <p>Written here because Spring Cloud LoadBalancer's own RetryAwareServiceInstanceListSupplier does this only for
 * its blocking and WebClient retries (a RetryableRequestContext); the gateway's load-balancing filter passes a
 * RequestDataContext, whose attributes are the exchange's, where the previous choice is still recorded.
 */
final class NotTheInstanceJustTried extends DelegatingServiceInstanceListSupplier {

    NotTheInstanceJustTried(ServiceInstanceListSupplier delegate) {
        super(delegate);
    }

    @Override
    public Flux<List<ServiceInstance>> get() {
        return delegate.get();
    }

    @Override
    public Flux<List<ServiceInstance>> get(Request request) {
        ServiceInstance justTried = justTried(request);
        Flux<List<ServiceInstance>> instances = delegate.get(request);
        return justTried == null ? instances : instances.map(all -> without(all, justTried));
    }

    private static ServiceInstance justTried(Request<?> request) {
        if (request.getContext() instanceof RequestDataContext context && context.getClientRequest() != null
                && context.getClientRequest().getAttributes() != null
                && context.getClientRequest().getAttributes().get(GATEWAY_LOADBALANCER_RESPONSE_ATTR)
                        instanceof Response<?> previous
                && previous.getServer() instanceof ServiceInstance instance) {
            return instance;
        }
        return null;
    }

    /** Every instance but the one tried; if it is the only one, still it: better a likely failure than none. */
    private static List<ServiceInstance> without(List<ServiceInstance> all, ServiceInstance tried) {
        List<ServiceInstance> others = all.stream()
                .filter(instance -> !(instance.getHost().equals(tried.getHost()) && instance.getPort() == tried.getPort()))
                .toList();
        return others.isEmpty() ? all : others;
    }
}
