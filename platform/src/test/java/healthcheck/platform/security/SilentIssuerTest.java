package healthcheck.platform.security;

import static healthcheck.testsupport.TestTokens.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import healthcheck.platform.web.ProblemDetailsAdvice;
import healthcheck.testsupport.SilentServer;
import healthcheck.testsupport.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * A service whose issuer accepts connections and never answers, before the service has its keys: a request with a
 * token gets a 503 it can retry, within seconds, instead of holding a request thread until the caller gives up.
 */
@WebMvcTest(controllers = PlatformSecurityTest.Desk.class)
@Import({ProblemDetailsAdvice.class, PlatformSecurityTest.Desk.class})
class SilentIssuerTest {

    private static final SilentServer ISSUER = new SilentServer();

    @SpringBootApplication
    static class App {
    }

    @DynamicPropertySource
    static void silentIssuer(DynamicPropertyRegistry registry) {
        registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", () -> ISSUER.url() + "/oauth2/jwks");
    }

    @AfterAll
    static void closeIssuer() {
        ISSUER.close();
    }

    @Autowired
    MockMvc mvc;

    @Test
    void aTokenThatCannotBeCheckedGetsA503WithinSeconds() throws Exception {
        long started = System.nanoTime();
        mvc.perform(get("/whoami").header("Authorization", bearer(TestTokens.customer("alice"))))
                .andExpect(status().isServiceUnavailable())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("ISSUER_UNAVAILABLE"))
                .andExpect(header().exists("Retry-After"));
        long tookMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(ISSUER.connections()).as("the service asked the issuer for its keys").isPositive();
        assertThat(tookMillis).as("answered in ms").isLessThan(15_000);
    }
}
