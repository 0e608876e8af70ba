package healthcheck.auth;

import java.net.http.HttpResponse;
import java.util.Map;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

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
        AuthServer server = new AuthServer(port);

        HttpResponse<String> response = server.postForm("/oauth2/token",
                Map.of("grant_type", "client_credentials", "scope", "schedule.hold"),
                "reservation:reservation-dev-secret");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = AuthServer.json(response);
        assertThat(body.path("scope").asString()).isEqualTo("schedule.hold");
        SignedJWT token = AuthServer.parse(body.path("access_token").asString());
        JWTClaimsSet claims = token.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo(issuer);
        assertThat(claims.getSubject()).isEqualTo("reservation");
        assertThat(claims.getAudience()).containsExactly("healthcheck");
        assertThat(claims.getStringListClaim("scope")).containsExactly("schedule.hold");
        assertThat(claims.getClaims()).doesNotContainKey("roles");
        assertThat(server.verifiesAgainstPublishedKey(token)).isTrue();
    }

    @Test
    void theToolsClientGetsADeadLettersTokenWithoutRolesAndNeverTheHoldScope() throws Exception {
        AuthServer server = new AuthServer(port);

        HttpResponse<String> response = server.postForm("/oauth2/token",
                Map.of("grant_type", "client_credentials", "scope", "dead-letters"),
                "healthcheck-tools:tools-dev-secret");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JWTClaimsSet claims = AuthServer.parse(AuthServer.json(response).path("access_token").asString())
                .getJWTClaimsSet();
        assertThat(claims.getSubject()).isEqualTo("healthcheck-tools");
        assertThat(claims.getAudience()).containsExactly("healthcheck");
        assertThat(claims.getStringListClaim("scope")).containsExactly("dead-letters");
        assertThat(claims.getClaims()).doesNotContainKey("roles");

        HttpResponse<String> holds = server.postForm("/oauth2/token",
                Map.of("grant_type", "client_credentials", "scope", "schedule.hold"),
                "healthcheck-tools:tools-dev-secret");
        assertThat(holds.statusCode()).isEqualTo(400);
        assertThat(holds.body()).contains("invalid_scope").doesNotContain("access_token");
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
