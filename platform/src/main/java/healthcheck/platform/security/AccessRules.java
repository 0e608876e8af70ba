package healthcheck.platform.security;

import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;

/**
 * Who may call which of a service's endpoints, declared by the service (one bean in its {@code web} package) and
 * applied by {@link PlatformSecurityAutoConfiguration} between the probes, which are always public, and the final
 * rule that everything not named needs a valid token.
 */
@FunctionalInterface
public interface AccessRules {

    void declare(AuthorizeHttpRequestsConfigurer<?>.AuthorizationManagerRequestMatcherRegistry endpoints);
}
