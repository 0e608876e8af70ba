package healthcheck.platform.security;

import static healthcheck.testsupport.TestTokens.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import healthcheck.platform.web.ProblemDetailsAdvice;
import healthcheck.testsupport.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.test.util.ReflectionTestUtils;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What every service inherits: real JWTs checked for signature (the issuer's JWKS), issuer, audience and expiry;
 * refusals as problem+json; the service's own rules; the caller taken from the token alone.
 */
@WebMvcTest(controllers = PlatformSecurityTest.Desk.class)
@Import({ProblemDetailsAdvice.class, PlatformSecurityTest.Desk.class, PlatformSecurityTest.DeskAccess.class})
class PlatformSecurityTest {

    @SpringBootApplication
    static class App {
    }

    @RestController
    static class Desk {
        @GetMapping("/whoami")
        String whoami(Caller caller) {
            return caller.subject() + " " + caller.roles();
        }

        @GetMapping("/leaflets")
        String leaflets() {
            return "public";
        }

        @PostMapping("/leaflets")
        String print() {
            return "printed";
        }
    }

    static class DeskAccess implements AccessRules {
        @Override
        public void declare(AuthorizeHttpRequestsConfigurer<?>.AuthorizationManagerRequestMatcherRegistry endpoints) {
            endpoints.requestMatchers(HttpMethod.GET, "/leaflets").permitAll()
                    .requestMatchers(HttpMethod.POST, "/leaflets").hasRole(Roles.ADMIN);
        }
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    FilterChainProxy securityFilters;

    @Test
    void aRequestWithoutATokenIsUnauthenticatedAsProblemJsonWithABearerChallenge() throws Exception {
        mvc.perform(get("/whoami"))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("UNAUTHENTICATED"))
                .andExpect(jsonPath("$.status").value(401))
                .andExpect(header().string("WWW-Authenticate", org.hamcrest.Matchers.startsWith("Bearer")));
    }

    @Test
    void theCallerIsTheTokensSubjectWithItsRoles() throws Exception {
        mvc.perform(get("/whoami").header("Authorization", bearer(TestTokens.customer("alice"))))
                .andExpect(status().isOk())
                .andExpect(content().string("alice [CUSTOMER]"));
    }

    @Test
    void aForgedTokenIsRefused() throws Exception {
        refused(TestTokens.forged("alice"));
    }

    @Test
    void anExpiredTokenIsRefused() throws Exception {
        refused(TestTokens.expired("alice"));
    }

    @Test
    void aTokenForAnotherAudienceIsRefused() throws Exception {
        refused(TestTokens.forAnotherAudience("alice"));
    }

    @Test
    void aTokenFromAnotherIssuerIsRefused() throws Exception {
        refused(TestTokens.fromAnotherIssuer("alice"));
    }

    @Test
    void somethingThatIsNotAJwtIsRefused() throws Exception {
        refused("not-a-jwt");
    }

    private void refused(String token) throws Exception {
        mvc.perform(get("/whoami").header("Authorization", bearer(token)))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.code").value("UNAUTHENTICATED"))
                .andExpect(header().string("WWW-Authenticate",
                        org.hamcrest.Matchers.startsWith("Bearer error=\"invalid_token\"")));
    }

    @Test
    void aBearerHeaderThatIsNoB64TokenIsAnInvalidTokenAndAnotherSchemeIsNoToken() throws Exception {
        for (String malformed : new String[] {"Bearer a b", "Bearer ", "bearer x=y", "Bearer x\u00e9"}) {
            mvc.perform(get("/whoami").header("Authorization", malformed))
                    .andExpect(status().isUnauthorized())
                    .andExpect(header().string("WWW-Authenticate",
                            org.hamcrest.Matchers.containsString("Bearer token is malformed")));
        }
        mvc.perform(get("/whoami").header("Authorization", "Basic YWxpY2U6c2VjcmV0"))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.code").value("UNAUTHENTICATED"))
                .andExpect(header().string("WWW-Authenticate",
                        org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("invalid_token"))));
    }

    @Test
    void aHeaderWithAControlCharacterIsRefusedWhenReadAsProblemJson() throws Exception {
        String token = TestTokens.customer("alice");
        mvc.perform(get("/whoami").header("Authorization", "Bearer " + token + "\u0085"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("REQUEST_REJECTED"));
        mvc.perform(get("/whoami").header("Authorization", "Bearer " + token)).andExpect(status().isOk());
    }

    /**
     * The bearer token and the characters of headers are read by the project's own rules (healthcheck.http), which
     * give Spring Security's answers without its regular expressions.
     */
    @Test
    void tokensAndHeaderCharactersAreReadWithoutRegularExpressions() {
        Object chain = ReflectionTestUtils.getField(securityFilters, "springSecurityFilterChain");
        FilterChainProxy proxy = (FilterChainProxy) chain;
        Object firewall = ReflectionTestUtils.getField(proxy, "firewall");
        assertThat(firewall).isInstanceOf(StrictHttpFirewall.class);
        assertThat(ReflectionTestUtils.getField(firewall, "allowedHeaderNames"))
                .isNotSameAs(StrictHttpFirewall.ALLOWED_HEADER_NAMES);
        assertThat(ReflectionTestUtils.getField(firewall, "allowedHeaderValues"))
                .isNotSameAs(StrictHttpFirewall.ALLOWED_HEADER_VALUES);
        BearerTokenAuthenticationFilter bearer = proxy.getFilterChains().stream()
                .flatMap(filters -> filters.getFilters().stream())
                .filter(BearerTokenAuthenticationFilter.class::isInstance)
                .map(BearerTokenAuthenticationFilter.class::cast)
                .findFirst().orElseThrow();
        Object converter = ReflectionTestUtils.getField(bearer, "authenticationConverter");
        assertThat(ReflectionTestUtils.getField(converter, "bearerTokenResolver")).isInstanceOf(BearerTokenHeader.class);
    }

    /** Nothing to log out of without a session: Spring Security's default answered with a redirect to a login page. */
    @Test
    void postToLogoutIsNoEndpoint() throws Exception {
        mvc.perform(post("/logout").header("Authorization", bearer(TestTokens.customer("alice"))))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith("application/problem+json"))
                .andExpect(header().doesNotExist("Location"));
    }

    @Test
    void aValidTokenWithoutTheRoleIsForbiddenAsProblemJson() throws Exception {
        mvc.perform(post("/leaflets").header("Authorization", bearer(TestTokens.customer("alice"))))
                .andExpect(status().isForbidden())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("FORBIDDEN"));
        mvc.perform(post("/leaflets").header("Authorization", bearer(TestTokens.admin())))
                .andExpect(status().isOk());
    }

    @Test
    void whatAServiceDeclaresPublicNeedsNoToken() throws Exception {
        mvc.perform(get("/leaflets")).andExpect(status().isOk());
    }

    @Test
    void theFaultSwitchesAreForOperatorsOnly() throws Exception {
        mvc.perform(get("/faults/relay-delay").header("Authorization", bearer(TestTokens.admin())))
                .andExpect(status().isForbidden());
    }
}
