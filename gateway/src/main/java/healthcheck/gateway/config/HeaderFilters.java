package healthcheck.gateway.config;

import java.util.List;

import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The headers a forward drops, both ways, in one pass ({@link StrippedHeaders}) instead of Spring Cloud Gateway's
 * three filters that each copy every header. The gateway registers those three unconditionally and without a
 * way to turn them off, so their definitions are taken out by name before any bean is made; a gateway version that
 * renames them fails {@code ForwardedHeadersTest} rather than copying the headers three times again.
 */
@Configuration(proxyBeanMethods = false)
class HeaderFilters {

    private static final List<String> REPLACED = List.of("removeHopByHopHeadersFilter", "removeForwardedHeadersFilter",
            "removeXForwardedHeadersFilter");

    @Bean
    HttpHeadersFilter strippedRequestHeaders() {
        return StrippedHeaders.ofRequests();
    }

    @Bean
    HttpHeadersFilter strippedResponseHeaders() {
        return StrippedHeaders.ofResponses();
    }

    @Bean
    static BeanDefinitionRegistryPostProcessor withoutTheGatewaysCopyingHeaderFilters() {
        return registry -> REPLACED.stream().filter(registry::containsBeanDefinition)
                .forEach(registry::removeBeanDefinition);
    }
}
