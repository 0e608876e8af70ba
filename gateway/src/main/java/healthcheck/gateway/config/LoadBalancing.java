package healthcheck.gateway.config;

import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClients;
import org.springframework.context.annotation.Configuration;

/**
 * How the gateway picks an instance for every lb:// route: Spring Cloud LoadBalancer's round robin over the listed
 * instances, each service in its own balancer context built from {@link ServiceInstances}.
 */
@Configuration(proxyBeanMethods = false)
@LoadBalancerClients(defaultConfiguration = ServiceInstances.class)
class LoadBalancing {
}
