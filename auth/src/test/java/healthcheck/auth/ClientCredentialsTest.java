package healthcheck.auth;

import java.net.http.HttpResponse;
import java.util.Map;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clients' own tokens, not a person's: reservation's, for its calls to schedule's holds, and the operations tools',
 * for the dead-letter tools; each gets its own scope and no roles, and not the other's scope.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ClientCredentialsTest {

    @LocalServerPort
    int port;

    @Value("${spring.security.oauth2.authorizationserver.issuer}")
    String issuer;

    @Test
    void reservationWithItsSecretGetsAScheduleHoldTokenWithoutRoles() throws Exception {
        HttpResponse<String> response = clientCredentials("reservation:reservation-dev-secret", "schedule.hold");

        assertThat(AuthServer.json(response).path("scope").asString()).isEqualTo("schedule.hold");
        SignedJWT token = AuthServer.parse(AuthServer.json(response).path("access_token").asString());
        assertClientToken(token.getJWTClaimsSet(), "reservation", "schedule.hold");
        assertThat(new AuthServer(port).verifiesAgainstPublishedKey(token)).isTrue();
    }

    @Test
    void theToolsClientGetsADeadLettersTokenWithoutRolesAndNeverTheHoldScope() throws Exception {
        HttpResponse<String> response = clientCredentials("healthcheck-tools:tools-dev-secret", "dead-letters");

        assertClientToken(AuthServer.parse(AuthServer.json(response).path("access_token").asString())
                .getJWTClaimsSet(), "healthcheck-tools", "dead-letters");

        HttpResponse<String> holds = new AuthServer(port).postForm("/oauth2/token",
                Map.of("grant_type", "client_credentials", "scope", "schedule.hold"),
                "healthcheck-tools:tools-dev-secret");
        assertThat(holds.statusCode()).isEqualTo(400);
        assertThat(holds.body()).contains("invalid_scope").doesNotContain("access_token");
    }

    private HttpResponse<String> clientCredentials(String clientAndSecret, String scope) {
        HttpResponse<String> response = new AuthServer(port).postForm("/oauth2/token",
                Map.of("grant_type", "client_credentials", "scope", scope), clientAndSecret);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response;
    }

    /** A client's token: the client as subject, our issuer and audience, its scope, and no person's roles. */
    private void assertClientToken(JWTClaimsSet claims, String client, String scope) throws Exception {
        assertThat(claims.getIssuer()).isEqualTo(issuer);
        assertThat(claims.getSubject()).isEqualTo(client);
        assertThat(claims.getAudience()).containsExactly("healthcheck");
        assertThat(claims.getStringListClaim("scope")).containsExactly(scope);
        assertThat(claims.getClaims()).doesNotContainKey("roles");
    }

    @Test
    void reservationWithAWrongSecretIsUnauthorized() {
        HttpResponse<String> response = new AuthServer(port).postForm("/oauth2/token",
                Map.of("grant_type", "client_credentials", "scope", "schedule.hold"),
                "reservation:not-the-secret");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).doesNotContain("access_token");
    }

    @Test
    void theCommandLineClientCannotUseClientCredentials() {
        HttpResponse<String> response = new AuthServer(port).postForm("/oauth2/token",
                Map.of("grant_type", "client_credentials", "client_id", AuthServer.CLI_CLIENT));

        assertThat(response.statusCode()).isIn(400, 401);
        assertThat(response.body()).doesNotContain("access_token");
    }
}
