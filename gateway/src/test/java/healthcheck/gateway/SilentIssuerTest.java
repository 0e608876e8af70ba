package healthcheck.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import healthcheck.testsupport.SilentServer;
import healthcheck.testsupport.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * An issuer that accepts connections and never answers (hung, or a black-holed network): the gateway has not got
 * its keys yet, so it cannot check any token. A customer must get a definitive answer in seconds, saying to come
 * back, not a request that hangs until their client gives up; and nothing is forwarded unchecked.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SilentIssuerTest {

    @RegisterExtension
    static final StubServices services = new StubServices();

    private static final SilentServer ISSUER = new SilentServer();

    @DynamicPropertySource
    static void downstreamsAndASilentIssuer(DynamicPropertyRegistry registry) {
        services.wire(registry);
        registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", () -> ISSUER.url() + "/oauth2/jwks");
    }

    @AfterAll
    static void closeIssuer() {
        ISSUER.close();
    }

    @LocalServerPort
    int port;

    @Test
    void aTokenThatCannotBeCheckedGetsA503WithinSecondsAndIsNotForwarded() {
        long started = System.nanoTime();
        var response = new Http(port, TestTokens.of("alice")).get("/myPages/1");
        long tookMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(ISSUER.connections()).as("the gateway asked the issuer for its keys").isPositive();
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
        assertThat(response.body()).contains("\"code\":\"ISSUER_UNAVAILABLE\"");
        assertThat(tookMillis).as("answered in ms (the test client gives up at 20,000)").isLessThan(15_000);
        assertThat(services.customercenter.requests()).as("nothing forwarded unchecked").isEmpty();
    }

    @Test
    void requestsWithoutATokenAreStillRefusedAtOnce() {
        var response = new Http(port, null).get("/myPages/1");
        assertThat(response.statusCode()).isEqualTo(401);
    }
}
