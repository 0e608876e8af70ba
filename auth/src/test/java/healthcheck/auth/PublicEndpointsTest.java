package healthcheck.auth;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** What answers without a login or a token, and that nothing else does. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PublicEndpointsTest {

    @LocalServerPort
    int port;

    @Value("${spring.security.oauth2.authorizationserver.issuer}")
    String issuer;

    @Test
    void livenessAndReadinessProbesAnswerWithoutAToken() {
        AuthServer server = new AuthServer(port);

        assertThat(server.get("/actuator/health/liveness").statusCode()).isEqualTo(200);
        assertThat(server.get("/actuator/health/readiness").statusCode()).isEqualTo(200);
    }

    @Test
    void discoveryNamesTheConfiguredIssuerWhateverHostWasAsked() {
        HttpResponse<String> discovery = new AuthServer(port).get("/.well-known/openid-configuration");

        assertThat(discovery.statusCode()).isEqualTo(200);
        assertThat(AuthServer.json(discovery).path("issuer").asString()).isEqualTo(issuer);
        assertThat(AuthServer.json(discovery).path("jwks_uri").asString()).isEqualTo(issuer + "/oauth2/jwks");
    }

    @Test
    void publishedKeySetHoldsOnlyPublicKeys() {
        HttpResponse<String> jwks = new AuthServer(port).get("/oauth2/jwks");

        assertThat(jwks.statusCode()).isEqualTo(200);
        assertThat(jwks.body()).contains("\"kty\":\"RSA\"").doesNotContain("\"d\":");
    }

    @Test
    void otherPagesNeedALogin() {
        HttpResponse<String> response = new AuthServer(port).get("/actuator/info");

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(AuthServer.location(response)).endsWith("/login");
    }
}
