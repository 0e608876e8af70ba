package healthcheck.gateway.config;

import java.time.Duration;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.cloud.loadbalancer.core.DelegatingServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplierBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * The instances a service's balancer chooses from: Spring Cloud LoadBalancer's own two set-ups (cached discovery,
 * or readiness-checked discovery when spring.cloud.loadbalancer.configurations is health-check, as
 * bin/stack --instances N sets it), each name checked address by address (every container behind a compose
 * name), with a repeated request kept off the instance it was just sent to and, when
 * the checks find none ready, every listed instance to choose from.
 *
 * <p>Registered in each service's balancer context by {@link LoadBalancing}, never in the application's: hence no
 * stereotype annotation, so the component scan leaves it alone.
 */
class ServiceInstances {

    static final String CONFIGURATIONS = "spring.cloud.loadbalancer.configurations";

    @Bean
    ServiceInstanceListSupplier instancesToChooseFrom(ConfigurableApplicationContext context) {
        ServiceInstanceListSupplierBuilder instances = ServiceInstanceListSupplier.builder().withDiscoveryClient();
        boolean readinessChecked = "health-check".equals(context.getEnvironment().getProperty(CONFIGURATIONS));
        Duration interval = Binder.get(context.getEnvironment())
                .bind("spring.cloud.loadbalancer.health-check.interval", Duration.class).orElse(Duration.ofSeconds(25));
        instances = readinessChecked
                ? instances.with((balancerContext, listed) -> new EveryAddressOfEachName(listed, interval))
                .withHealthChecks().with((balancerContext, ready) -> new EveryInstanceWhenNoneReady(ready,
                        ((DelegatingServiceInstanceListSupplier) ready).getDelegate()))
                : instances.withCaching();
        return instances.with((balancerContext, delegate) -> new NotTheInstanceJustTried(delegate)).build(context);
    }
}
