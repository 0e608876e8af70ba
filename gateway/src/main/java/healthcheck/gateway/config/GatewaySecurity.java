package healthcheck.gateway.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import io.netty.channel.ChannelOption;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.oauth2.server.resource.authentication.ReactiveJwtAuthenticationConverterAdapter;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.WebFilterExchange;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.security.web.server.firewall.ServerWebExchangeFirewall;
import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsConfigurationSource;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.server.ServerWebExchange;

import healthcheck.gateway.web.Problems;
import healthcheck.http.HeaderCharacters;
import healthcheck.http.SecurityRefusal;

import static healthcheck.http.SecurityRefusal.FORBIDDEN;
import static healthcheck.http.SecurityRefusal.ISSUER_UNAVAILABLE;
import static healthcheck.http.SecurityRefusal.REQUEST_REJECTED;
import static healthcheck.http.SecurityRefusal.UNAUTHENTICATED;

/**
 * The first check of every request: a valid JWT from the configured issuer (signature by its JWKS, issuer,
 * audience, expiry) and the role each route needs, before anything is forwarded. The services check the same token
 * again and decide ownership themselves (a token stolen inside the cluster still does not make its bearer anyone
 * else). The token is forwarded untouched in the Authorization header.
 *
 * <p>The decoder and the role mapping repeat platform's (PlatformSecurityAutoConfiguration) for WebFlux: the
 * gateway does not take platform, which brings the services' database and Kafka support.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
class GatewaySecurity {

    /**
     * Spring Security's observations of each request are off (application.yml); these settings also keep it from
     * wrapping every filter of its chain, and its authentication and authorization managers, to make no-op ones.
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    private static final String ADMIN = "ADMIN";
    private static final String OPERATOR = "OPERATOR";
    private static final String CUSTOMER = "CUSTOMER";
    private static final Duration KEYS_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration KEYS_RESPONSE_TIMEOUT = Duration.ofSeconds(3);

    @Bean
    SecurityWebFilterChain gatewayFilterChain(ServerHttpSecurity http, CorsConfigurationSource cors) {
        return http
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                // nothing to log out of without a session: on by default, it answered POST /logout with a redirect
                // to a login page that does not exist, and matched every request against that path first
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                // Stateless, like the services: a bearer token on every request and no login page to come back to.
                // The defaults keep the security context and the request cache in a WebSession, and merely asking
                // for one makes WebFlux's in-memory store create it on another thread and hand the rest of the
                // request to a third (InMemoryWebSessionStore: boundedElastic, then parallel): two thread hops and
                // a session per request (a sixth of the gateway's JFR samples at the peak ran on the parallel threads).
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .cors(spec -> spec.configurationSource(cors))
                .exceptionHandling(handling -> handling
                        .authenticationEntryPoint((exchange, e) -> problem(exchange, UNAUTHENTICATED))
                        .accessDeniedHandler((exchange, e) -> problem(exchange, FORBIDDEN)))
                .oauth2ResourceServer(server -> server
                        .bearerTokenConverter(new BearerTokenHeader())
                        .authenticationEntryPoint((exchange, e) -> problem(exchange, UNAUTHENTICATED))
                        .authenticationFailureHandler(GatewaySecurity::refuseToken)
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(
                                new ReactiveJwtAuthenticationConverterAdapter(rolesAndScopes()))))
                .authorizeExchange(routes -> routes
                        .pathMatchers("/actuator/health", "/actuator/health/**", "/system/status").permitAll()
                        .pathMatchers(HttpMethod.GET, "/schedules", "/schedules/*").permitAll()
                        .pathMatchers(HttpMethod.POST, "/schedules").hasRole(ADMIN)
                        .pathMatchers(HttpMethod.POST, "/reservations").hasRole(CUSTOMER)
                        .pathMatchers(HttpMethod.DELETE, "/reservations/*").hasRole(CUSTOMER)
                        .pathMatchers(HttpMethod.GET, "/reservations", "/reservations/*", "/myPages", "/myPages/*")
                        .hasAnyRole(CUSTOMER, OPERATOR, ADMIN)
                        .pathMatchers(HttpMethod.PUT, "/deliveries/*/status").hasRole(OPERATOR)
                        .pathMatchers(HttpMethod.GET, "/deliveries", "/deliveries/*").hasAnyRole(OPERATOR, ADMIN)
                        // anything else has no route: a token still comes first, so the URL space is not mapped
                        // anonymously
                        .anyExchange().authenticated())
                .build();
    }

    /**
     * Spring Security's strict firewall, as it is by default, with its rules for the characters of header names and
     * values decided without regular expressions ({@link HeaderCharacters}).
     */
    @Bean
    ServerWebExchangeFirewall firewall() {
        StrictServerWebExchangeFirewall firewall = new StrictServerWebExchangeFirewall();
        firewall.setAllowedHeaderNames(HeaderCharacters::allowedInName);
        firewall.setAllowedHeaderValues(HeaderCharacters::allowedInValue);
        return firewall;
    }

    /**
     * What the firewall refuses (a control character in a header read, an encoded slash in the URL, a method nobody
     * serves) is a problem+json 400 like every other refusal, not Spring's empty one. The detail names no value: it
     * came from the caller and may be anything.
     */
    @Bean
    ServerExchangeRejectedHandler exchangeRejectedHandler() {
        return (exchange, e) -> problem(exchange, REQUEST_REJECTED);
    }

    /**
     * Signature, issuer, expiry and audience, always; the keys are fetched on the first token. Each token is checked
     * in full once and its time on every use ({@link CheckedTokens}).
     */
    @Bean
    ReactiveJwtDecoder jwtDecoder(@Value("${spring.security.oauth2.resourceserver.jwt.issuer-uri}") String issuer,
            @Value("${spring.security.oauth2.resourceserver.jwt.jwk-set-uri}") String jwkSetUri,
            @Value("${healthcheck.security.audience:healthcheck}") String audience) {
        NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withJwkSetUri(jwkSetUri)
                .webClient(keysClient()).build();
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefaultWithIssuer(issuer),
                new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
                        audiences -> audiences != null && audiences.contains(audience))));
        // Nimbus reports keys it could not fetch as an IllegalStateException, which Spring's authentication
        // manager lets escape as a 500; as a JwtException it becomes the service failure refuseToken answers
        return new CheckedTokens(token -> decoder.decode(token).onErrorMap(e -> !(e instanceof JwtException),
                e -> new JwtException("The issuer's keys could not be fetched", e)));
    }

    /**
     * The client that fetches the issuer's keys, on the first token and on an unknown key id. Reactor Netty's
     * defaults wait for an answer forever: a hung issuer would hang every request that needs its keys until the
     * customer's client gave up. Bounded here, once retried on a fresh connection (a GET of public keys is safe to
     * repeat), so such a request gets its 503 within seconds (refuseToken). Its own pool drops idle connections
     * before an issuer's server would (Tomcat's keep-alive is 60 s, the JDK's HTTP server's 30 s), so a key fetch
     * never goes out on a connection the other side has already closed.
     */
    private static WebClient keysClient() {
        ConnectionProvider pool = ConnectionProvider.builder("issuer-keys").maxConnections(4)
                .maxIdleTime(Duration.ofSeconds(20)).build();
        HttpClient http = HttpClient.create(pool)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) KEYS_CONNECT_TIMEOUT.toMillis())
                .responseTimeout(KEYS_RESPONSE_TIMEOUT);
        return WebClient.builder().clientConnector(new ReactorClientHttpConnector(http))
                .filter((request, next) -> next.exchange(request).retry(1))
                .build();
    }

    /**
     * A token that is bad is the caller's to fix (401). A token that cannot be checked because the issuer's keys
     * cannot be fetched is ours (503, come back shortly); Spring would otherwise let it escape as a 500.
     */
    private static Mono<Void> refuseToken(WebFilterExchange exchange, AuthenticationException e) {
        return problem(exchange.getExchange(),
                e instanceof AuthenticationServiceException ? ISSUER_UNAVAILABLE : UNAUTHENTICATED);
    }

    /**
     * Browsers may call the API from these origins only (GATEWAY_CORS_ALLOWED_ORIGINS, comma-separated); none by
     * default, so a page from elsewhere cannot use a visitor's token.
     */
    @Bean
    CorsConfigurationSource corsConfigurationSource(
            @Value("${healthcheck.gateway.cors.allowed-origins:}") List<String> allowedOrigins) {
        CorsConfiguration cors = new CorsConfiguration();
        cors.setAllowedOrigins(allowedOrigins.stream().filter(origin -> !origin.isBlank()).toList());
        cors.setAllowedMethods(List.of("GET", "POST", "PUT", "DELETE"));
        cors.setAllowedHeaders(List.of("Authorization", "Content-Type", "Idempotency-Key"));
        cors.setExposedHeaders(List.of("Location", "Retry-After"));
        cors.setMaxAge(3600L);
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/**", cors);
        return source;
    }

    private static JwtAuthenticationConverter rolesAndScopes() {
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

    private static Mono<Void> problem(ServerWebExchange exchange, SecurityRefusal refusal) {
        if (refusal == UNAUTHENTICATED) {
            exchange.getResponse().getHeaders().set("WWW-Authenticate", "Bearer");
        }
        if (refusal.retryAfterSeconds() > 0) {
            exchange.getResponse().getHeaders().set("Retry-After", Integer.toString(refusal.retryAfterSeconds()));
        }
        return Problems.write(exchange, HttpStatus.valueOf(refusal.status()), refusal.code(), refusal.detail());
    }
}
