package healthcheck.platform.security;

import static healthcheck.testsupport.TestTokens.bearer;
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
