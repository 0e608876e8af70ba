package healthcheck.auth.config;

import java.util.Set;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

import static org.springframework.security.config.Customizer.withDefaults;
import static org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher.pathPattern;

/**
 * Two filter chains, as Spring Authorization Server's reference sets them up: the protocol endpoints first, then
 * everything else (the login page and the probes). Defining them here replaces Spring Boot's defaults, which have
 * no room for unauthenticated probes.
 */
@Configuration(proxyBeanMethods = false)
class AuthorizationServerSecurity {

    @Bean
    @Order(1)
    SecurityFilterChain authorizationServerEndpoints(HttpSecurity http, AuthorizationServerSettings settings) {
        http.oauth2AuthorizationServer(server -> {
            http.securityMatcher(server.getEndpointsMatcher());
            server.oidc(withDefaults());
        });
        http.authorizeHttpRequests(authorize -> authorize.anyRequest().authenticated());
        // the OIDC UserInfo endpoint is called with one of our own access tokens
        http.oauth2ResourceServer(resourceServer -> resourceServer.jwt(withDefaults()));
        http.exceptionHandling(exceptions -> exceptions.defaultAuthenticationEntryPointFor(
                new LoginUrlAuthenticationEntryPoint("/login"), sentToLogin(settings)));
        return http.build();
    }

    /**
     * A browser, and the authorization endpoint whoever asks: a command-line client (curl, bin/stack token) sends
     * no {@code Accept: text/html}, and without this it would get a bare 401 instead of the way to the login form.
     */
    private static RequestMatcher sentToLogin(AuthorizationServerSettings settings) {
        MediaTypeRequestMatcher browser = new MediaTypeRequestMatcher(MediaType.TEXT_HTML);
        // */* is what every non-browser sends; it must not count as asking for HTML
        browser.setIgnoredMediaTypes(Set.of(MediaType.ALL));
        return new OrRequestMatcher(browser, pathPattern(settings.getAuthorizationEndpoint()));
    }

    @Bean
    @Order(2)
    SecurityFilterChain loginAndProbes(HttpSecurity http) {
        http.authorizeHttpRequests(authorize -> authorize
                // the probes answer kubelet and bin/stack, which have no token
                .requestMatchers(pathPattern("/actuator/health/**")).permitAll()
                // an error page rendered for a permitted request must not itself demand a login
                .requestMatchers(pathPattern("/error")).permitAll()
                .anyRequest().authenticated());
        // Spring Security's own login page, with its CSRF token (CSRF protection stays on)
        http.formLogin(withDefaults());
        return http.build();
    }

    /**
     * One encoder for users and client secrets: it reads the {@code {id}} prefix, so hashed user passwords and
     * the {@code {noop}} client secrets from the environment are checked alike.
     */
    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    /** Development users only (see {@link AuthProperties}); their passwords are hashed as they are loaded. */
    @Bean
    UserDetailsService users(AuthProperties properties, PasswordEncoder passwordEncoder) {
        return new InMemoryUserDetailsManager(properties.users().stream()
                .map(user -> User.withUsername(user.name())
                        .password(passwordEncoder.encode(user.password()))
                        .roles(user.roles().toArray(String[]::new))
                        .build())
                .toList());
    }
}
