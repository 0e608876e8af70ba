package healthcheck.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_LOADBALANCER_RESPONSE_ATTR;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.DefaultRequest;
import org.springframework.cloud.client.loadbalancer.DefaultResponse;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.client.loadbalancer.RequestData;
import org.springframework.cloud.client.loadbalancer.RequestDataContext;
import org.springframework.cloud.loadbalancer.core.RoundRobinLoadBalancer;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.support.SimpleObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;

class NotTheInstanceJustTriedTest {

    private final ServiceInstance first = instance("reservation-1", 18082);
    private final ServiceInstance second = instance("reservation-2", 18092);

    @Test
    void aRepeatedRequestIsNeverSentBackToTheInstanceItWasJustSentTo() {
        RoundRobinLoadBalancer balancer = balancerOver(first, second);
        Map<String, Object> exchangeAttributes = new HashMap<>();
        exchangeAttributes.put(GATEWAY_LOADBALANCER_RESPONSE_ATTR, new DefaultResponse(first));

        for (int i = 0; i < 10; i++) {
            // round robin alone would give the first instance every other time
            assertThat(balancer.choose(request(exchangeAttributes)).block().getServer()).isEqualTo(second);
        }
    }

    @Test
    void aFirstAttemptIsBalancedOverEveryInstance() {
        RoundRobinLoadBalancer balancer = balancerOver(first, second);
        List<ServiceInstance> chosen = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            chosen.add(balancer.choose(request(new HashMap<>())).block().getServer());
        }
        assertThat(chosen).containsOnly(first, second).filteredOn(first::equals).hasSize(2);
    }

    @Test
    void withOnlyTheInstanceJustTriedLeftItIsTriedAgain() {
        RoundRobinLoadBalancer balancer = balancerOver(first);
        Map<String, Object> exchangeAttributes = new HashMap<>();
        exchangeAttributes.put(GATEWAY_LOADBALANCER_RESPONSE_ATTR, new DefaultResponse(first));

        assertThat(balancer.choose(request(exchangeAttributes)).block().getServer()).isEqualTo(first);
    }

    private static RoundRobinLoadBalancer balancerOver(ServiceInstance... instances) {
        ServiceInstanceListSupplier listed = new ServiceInstanceListSupplier() {
            @Override
            public String getServiceId() {
                return "reservation";
            }

            @Override
            public Flux<List<ServiceInstance>> get() {
                return Flux.just(List.of(instances));
            }
        };
        return new RoundRobinLoadBalancer(new SimpleObjectProvider<>(new NotTheInstanceJustTried(listed)),
                "reservation");
    }

    /** What the gateway's load-balancing filter passes: the request with the exchange's own attribute map. */
    private static Request<RequestDataContext> request(Map<String, Object> exchangeAttributes) {
        RequestData data = new RequestData(HttpMethod.POST, URI.create("lb://reservation/reservations"),
                new HttpHeaders(), null, exchangeAttributes);
        return new DefaultRequest<>(new RequestDataContext(data, "default"));
    }

    private static ServiceInstance instance(String id, int port) {
        return new DefaultServiceInstance(id, "reservation", "127.0.0.1", port, false);
    }
}
