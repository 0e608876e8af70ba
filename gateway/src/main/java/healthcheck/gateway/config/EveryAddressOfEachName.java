package healthcheck.gateway.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.loadbalancer.core.DelegatingServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;

/**
 * Each listed instance whose host is a name becomes one instance per address the name resolves to, looked up again
 * at every interval: behind docker-compose's service name stand all of its containers (Docker's DNS answers with
 * every one), so the readiness checks judge each container on its own and a container that drains before it stops
 * leaves the rotation, as a bin/stack instance does. A Kubernetes Service name resolves to its one cluster address,
 * which balances by itself, and bin/stack lists addresses already: both stay one instance each.
 *
 * <p>Written by hand because Spring Cloud LoadBalancer's suppliers take hosts as given, and with a name the HTTP
 * client would keep connecting to the one address it resolved first, long after that container went away. A name
 * that does not resolve stays as it was, so the request fails (and is repeated) as it would have without this.
 */
final class EveryAddressOfEachName extends DelegatingServiceInstanceListSupplier {

    private final Duration interval;
    private final Function<String, List<InetAddress>> resolver;

    EveryAddressOfEachName(ServiceInstanceListSupplier listed, Duration interval) {
        this(listed, interval, EveryAddressOfEachName::lookUp);
    }

    EveryAddressOfEachName(ServiceInstanceListSupplier listed, Duration interval,
                           Function<String, List<InetAddress>> resolver) {
        super(listed);
        this.interval = interval;
        this.resolver = resolver;
    }

    @Override
    public Flux<List<ServiceInstance>> get() {
        return everyInterval(delegate.get());
    }

    @Override
    public Flux<List<ServiceInstance>> get(Request request) {
        return everyInterval(delegate.get(request));
    }

    /** The listed instances, resolved now and again at every interval; a new list only when an address changed. */
    private Flux<List<ServiceInstance>> everyInterval(Flux<List<ServiceInstance>> listed) {
        return Flux.interval(Duration.ZERO, interval)
                .onBackpressureDrop()
                .concatMap(tick -> listed.take(1)
                        // DNS lookups block: never on the event loop
                        .concatMap(instances -> Mono.fromCallable(() -> resolved(instances))
                                .subscribeOn(Schedulers.boundedElastic())), 1)
                .distinctUntilChanged();
    }

    private List<ServiceInstance> resolved(List<ServiceInstance> instances) {
        List<ServiceInstance> resolved = new ArrayList<>();
        for (ServiceInstance instance : instances) {
            List<InetAddress> addresses = resolver.apply(instance.getHost());
            if (addresses.isEmpty()) {
                resolved.add(instance);
                continue;
            }
            for (InetAddress address : addresses) {
                String host = address.getHostAddress();
                resolved.add(host.equals(instance.getHost()) ? instance : new DefaultServiceInstance(
                        instance.getInstanceId() + "@" + host, instance.getServiceId(), host, instance.getPort(),
                        instance.isSecure(), instance.getMetadata()));
            }
        }
        return List.copyOf(resolved);
    }

    /**
     * Every address of the host, or none when it does not resolve. The JVM keeps answers for
     * networkaddress.cache.ttl seconds, which GatewayApplication shortens to this check's pace.
     */
    private static List<InetAddress> lookUp(String host) {
        try {
            return Arrays.asList(InetAddress.getAllByName(host));
        } catch (UnknownHostException e) {
            return List.of();
        }
    }
}
