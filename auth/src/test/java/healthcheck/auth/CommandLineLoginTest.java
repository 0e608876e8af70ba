package healthcheck.auth;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static healthcheck.auth.AuthServer.CLI_CLIENT;
import static healthcheck.auth.AuthServer.CLI_REDIRECT;
import static healthcheck.auth.AuthServer.location;
import static healthcheck.auth.AuthServer.queryParameter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The standard authorization-code flow with PKCE, step by step as a command-line client (bin/stack token) does it:
 * no browser, a cookie jar, every redirect read from the Location header.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CommandLineLoginTest {

    @LocalServerPort
    int port;

    @Value("${spring.security.oauth2.authorizationserver.issuer}")
    String issuer;

    AuthServer server;

    @BeforeEach
    void newClient() {
        server = new AuthServer(port);
    }

    @Test
    void userLogsInWithPkceAndGetsA15MinuteAccessTokenForHealthcheckWithTheirRoles() throws Exception {
        String verifier = AuthServer.newCodeVerifier();
        String state = "state-" + System.nanoTime();
        String authorize = server.authorizeUrl(AuthServer.s256(verifier), state);

        // 1. not logged in: the authorization endpoint sends the client to the login form
        HttpResponse<String> toLogin = server.get(authorize);
        assertThat(toLogin.statusCode()).isEqualTo(302);
        assertThat(location(toLogin)).endsWith("/login");

        // 2. the login form carries the CSRF token the POST must send back
        HttpResponse<String> loginPage = server.get(location(toLogin));
        assertThat(loginPage.statusCode()).isEqualTo(200);
        String csrf = AuthServer.csrfToken(loginPage.body());

        // 3. logged in: back to the authorization request that was interrupted
        HttpResponse<String> loggedIn = server.postForm("/login",
                Map.of("username", "alice", "password", "alice-dev-password", "_csrf", csrf));
        assertThat(loggedIn.statusCode()).isEqualTo(302);
        assertThat(location(loggedIn)).startsWith(server.base() + "/oauth2/authorize?")
                .contains("client_id=" + CLI_CLIENT);

        // 4. no consent screen: straight to the redirect URI with the code and our state
        HttpResponse<String> callback = server.get(location(loggedIn));
        assertThat(callback.statusCode()).isEqualTo(302);
        String redirect = location(callback);
        assertThat(redirect).startsWith(CLI_REDIRECT + "?");
        assertThat(queryParameter(redirect, "state")).isEqualTo(state);
        String code = queryParameter(redirect, "code");
        assertThat(code).isNotBlank();

        // 5. the code and the PKCE verifier buy the tokens; a public client authenticates with nothing else
        HttpResponse<String> tokenResponse = server.postForm("/oauth2/token", Map.of(
                "grant_type", "authorization_code",
                "code", code,
                "redirect_uri", CLI_REDIRECT,
                "client_id", CLI_CLIENT,
                "code_verifier", verifier));
        assertThat(tokenResponse.statusCode()).as(tokenResponse.body()).isEqualTo(200);
        JsonNode tokens = AuthServer.json(tokenResponse);
        assertThat(tokens.path("token_type").asString()).isEqualTo("Bearer");
        assertThat(tokens.has("id_token")).as("OIDC scope gives an ID token").isTrue();

        SignedJWT accessToken = AuthServer.parse(tokens.path("access_token").asString());
        JWTClaimsSet claims = accessToken.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo(issuer);
        assertThat(claims.getAudience()).containsExactly("healthcheck");
        assertThat(claims.getSubject()).isEqualTo("alice");
        assertThat(claims.getStringListClaim("roles")).containsExactly("CUSTOMER");
        assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
                .isEqualTo(Duration.ofMinutes(15));
        assertThat(claims.getExpirationTime().toInstant())
                .isCloseTo(Instant.now().plus(Duration.ofMinutes(15)), within(Duration.ofMinutes(1)));
        assertThat(accessToken.getHeader().getKeyID()).isNotBlank();
        assertThat(server.verifiesAgainstPublishedKey(accessToken)).isTrue();
    }

    @Test
    void wrongPasswordGetsNoCode() {
        String verifier = AuthServer.newCodeVerifier();
        String authorize = server.authorizeUrl(AuthServer.s256(verifier), "s");
        server.get(authorize);
        String csrf = AuthServer.csrfToken(server.get("/login").body());

        HttpResponse<String> refused = server.postForm("/login",
                Map.of("username", "alice", "password", "not-her-password", "_csrf", csrf));

        assertThat(refused.statusCode()).isEqualTo(302);
        assertThat(location(refused)).endsWith("/login?error");
        HttpResponse<String> again = server.get(authorize);
        assertThat(again.statusCode()).isEqualTo(302);
        assertThat(location(again)).endsWith("/login").doesNotContain("code=");
    }

    @Test
    void codeRedeemedWithAnotherPkceVerifierIsInvalidGrant() {
        String code = logInAndGetCode("bob", "bob-dev-password", AuthServer.newCodeVerifier());

        HttpResponse<String> refused = server.postForm("/oauth2/token", Map.of(
                "grant_type", "authorization_code",
                "code", code,
                "redirect_uri", CLI_REDIRECT,
                "client_id", CLI_CLIENT,
                "code_verifier", AuthServer.newCodeVerifier()));

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(AuthServer.json(refused).path("error").asString()).isEqualTo("invalid_grant");
        assertThat(refused.body()).doesNotContain("access_token");
    }

    @Test
    void operatorTokenCarriesTheOperatorRole() throws Exception {
        String verifier = AuthServer.newCodeVerifier();
        String code = logInAndGetCode("operator", "operator-dev-password", verifier);

        HttpResponse<String> tokenResponse = server.postForm("/oauth2/token", Map.of(
                "grant_type", "authorization_code", "code", code, "redirect_uri", CLI_REDIRECT,
                "client_id", CLI_CLIENT, "code_verifier", verifier));

        JWTClaimsSet claims = AuthServer.parse(AuthServer.json(tokenResponse).path("access_token").asString())
                .getJWTClaimsSet();
        assertThat(claims.getSubject()).isEqualTo("operator");
        assertThat(claims.getStringListClaim("roles")).containsExactly("OPERATOR");
    }

    /** Steps 1 to 4 of the flow above, for the tests about what happens after them. */
    private String logInAndGetCode(String user, String password, String verifier) {
        String authorize = server.authorizeUrl(AuthServer.s256(verifier), "s");
        server.get(authorize);
        String csrf = AuthServer.csrfToken(server.get("/login").body());
        HttpResponse<String> loggedIn = server.postForm("/login",
                Map.of("username", user, "password", password, "_csrf", csrf));
        String redirect = location(server.get(location(loggedIn)));
        assertThat(redirect).startsWith(CLI_REDIRECT + "?");
        return queryParameter(redirect, "code");
    }
}
