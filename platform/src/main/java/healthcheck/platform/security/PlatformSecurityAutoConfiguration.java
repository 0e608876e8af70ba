package healthcheck.platform.security;

import healthcheck.http.HeaderCharacters;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Every service is an OAuth2 resource server: a request carries a JWT from the configured issuer, checked for its
 * signature (the issuer's JWKS), issuer, audience and expiry ({@link #jwtDecoder}; the URLs are in
 * healthcheck-defaults.yml). What each endpoint requires is the service's {@link AccessRules}; the probes are
 * public and anything a service did not name needs a valid token. No session and no cookie: a bearer token is
 * sent on every request, so there is nothing for CSRF to ride on.
 */
@AutoConfiguration(beforeName = {
        "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
        "org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration",
        "org.springframework.boot.security.oauth2.client.autoconfigure.servlet.OAuth2ClientWebSecurityAutoConfiguration"})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableWebSecurity
public class PlatformSecurityAutoConfiguration {

    /**
     * Spring Security's observations of each request are switched off (healthcheck-defaults.yml), but with an
     * observation registry present Security still wraps every filter of its chain, and its authentication and
     * authorization managers, to make no-op observations; with these settings it leaves them as they are.
     */
    @Bean
    @ConditionalOnMissingBean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    @ConditionalOnMissingBean(SecurityFilterChain.class)
    SecurityFilterChain platformSecurityFilterChain(HttpSecurity http, ObjectProvider<AccessRules> rules)
            throws Exception {
        ProblemResponses problems = new ProblemResponses();
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                // nothing to log out of without a session: on by default, it answered POST /logout with a redirect
                // to a login page that does not exist
                .logout(logout -> logout.disable())
                .formLogin(form -> form.disable())
                .httpBasic(basic -> basic.disable())
                .exceptionHandling(handling -> handling.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .oauth2ResourceServer(server -> server
                        .bearerTokenResolver(new BearerTokenHeader())
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems)
                        .withObjectPostProcessor(new ObjectPostProcessor<BearerTokenAuthenticationFilter>() {
                            @Override
                            public <F extends BearerTokenAuthenticationFilter> F postProcess(F filter) {
                                filter.setAuthenticationFailureHandler(problems);
                                return filter;
                            }
                        })
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(rolesAndScopes())))
                .authorizeHttpRequests(endpoints -> {
                    // the kubelet and the load balancer carry no token; the probes say up or down and nothing else
                    endpoints.requestMatchers("/actuator/health", "/actuator/health/**").permitAll();
                    // an error dispatch re-enters the chain; its problem+json must reach the client
                    endpoints.requestMatchers("/error").permitAll();
                    // the drills' fault switches (profile `faults`, never in production)
                    endpoints.requestMatchers("/faults/**").hasRole(Roles.OPERATOR);
                    // the dead-letter tools (what waits, with the events' contents, and the replay): a clinic operator,
                    // or an operations tool's client-credentials token with the scope for exactly this
                    endpoints.requestMatchers("/dead-letters", "/dead-letters/**")
                            .hasAnyAuthority("ROLE_" + Roles.OPERATOR, "SCOPE_" + Roles.DEAD_LETTERS_SCOPE);
                    rules.orderedStream().forEach(service -> service.declare(endpoints));
                    endpoints.anyRequest().authenticated();
                });
        return http.build();
    }

    /**
     * Spring Security's strict firewall, as it is by default, with its rules for the characters of header names and
     * values decided without regular expressions ({@link HeaderCharacters}).
     */
    @Bean
    @ConditionalOnMissingBean
    HttpFirewall httpFirewall() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowedHeaderNames(HeaderCharacters::allowedInName);
        firewall.setAllowedHeaderValues(HeaderCharacters::allowedInValue);
        return firewall;
    }

    /** What the firewall refuses is a problem+json 400 like every other refusal, not Spring's empty one. */
    @Bean
    @ConditionalOnMissingBean
    RequestRejectedHandler requestRejectedHandler() {
        return new ProblemResponses();
    }

    /**
     * Signature by a key from the issuer's JWKS, {@code iss}, {@code exp}/{@code nbf} (60 s of clock skew) and the
     * audience, all four always: written here rather than left to properties, so no service's configuration can
     * drop a check. The keys are fetched on the first token and cached, so the issuer need not be up at start.
     * Each token is checked in full once and its time on every use ({@link CheckedTokens}).
     */
    @Bean
    @ConditionalOnMissingBean
    JwtDecoder jwtDecoder(@Value("${spring.security.oauth2.resourceserver.jwt.issuer-uri}") String issuer,
            @Value("${spring.security.oauth2.resourceserver.jwt.jwk-set-uri}") String jwkSetUri,
            @Value("${healthcheck.security.audience:healthcheck}") String audience) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(jwkSetUri).build();
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefaultWithIssuer(issuer),
                new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
                        audiences -> audiences != null && audiences.contains(audience))));
        return new CheckedTokens(decoder);
    }

    /** {@code roles: [CUSTOMER]} becomes ROLE_CUSTOMER and {@code scope: schedule.hold} SCOPE_schedule.hold. */
    static JwtAuthenticationConverter rolesAndScopes() {
        JwtGrantedAuthoritiesConverter roles = new JwtGrantedAuthoritiesConverter();
        roles.setAuthoritiesClaimName("roles");
        roles.setAuthorityPrefix("ROLE_");
        JwtGrantedAuthoritiesConverter scopes = new JwtGrantedAuthoritiesConverter();
        Converter<Jwt, Collection<GrantedAuthority>> both = jwt -> {
            List<GrantedAuthority> authorities = new ArrayList<>(roles.convert(jwt));
            authorities.addAll(scopes.convert(jwt));
            return authorities;
        };
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(both);
        return converter;
    }

    /** The caller comes from the token, not from the request: not a parameter for OpenAPI to describe. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springdoc.core.utils.SpringDocUtils")
    static class OpenApiConfiguration {
        static {
            org.springdoc.core.utils.SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class);
        }
    }

    @Bean
    WebMvcConfigurer callerArgument() {
        return new WebMvcConfigurer() {
            @Override
            public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
                resolvers.add(new CallerArgumentResolver());
            }
        };
    }
}
