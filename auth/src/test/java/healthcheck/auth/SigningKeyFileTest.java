package healthcheck.auth;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.Map;

import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A key from AUTH_SIGNING_KEY_LOCATION outlives the process: tokens stay valid across restarts and replicas. */
class SigningKeyFileTest {

    @TempDir
    Path dir;

    @Test
    void keyFromAPemFileGivesTheSameKidAndVerifiableTokensAfterARestart() throws Exception {
        Path pem = dir.resolve("signing-key.pem");
        Files.writeString(pem, pkcs8Pem(), StandardCharsets.US_ASCII);

        SignedJWT beforeRestart;
        try (ConfigurableApplicationContext first = start("file:" + pem)) {
            beforeRestart = reservationToken(server(first));
        }
        try (ConfigurableApplicationContext second = start("file:" + pem)) {
            AuthServer restarted = server(second);
            SignedJWT afterRestart = reservationToken(restarted);

            assertThat(afterRestart.getHeader().getKeyID()).isEqualTo(beforeRestart.getHeader().getKeyID());
            assertThat(restarted.verifiesAgainstPublishedKey(beforeRestart))
                    .as("a token issued before the restart still verifies").isTrue();
            assertThat(restarted.verifiesAgainstPublishedKey(afterRestart)).isTrue();
        }
    }

    @Test
    void malformedPemFailsStartupNamingTheSetting() throws Exception {
        Path pem = dir.resolve("broken.pem");
        Files.writeString(pem, "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n");

        assertThatThrownBy(() -> start("file:" + pem).close())
                .hasStackTraceContaining("AUTH_SIGNING_KEY_LOCATION")
                .hasStackTraceContaining("is not a PKCS#8 PEM RSA private key");
    }

    @Test
    void missingKeyFileFailsStartup() {
        assertThatThrownBy(() -> start("file:" + dir.resolve("absent.pem")).close())
                .hasStackTraceContaining("AUTH_SIGNING_KEY_LOCATION")
                .hasStackTraceContaining("cannot be read");
    }

    private static ConfigurableApplicationContext start(String keyLocation) {
        return new SpringApplicationBuilder(AuthApplication.class)
                .run("--server.port=0", "--healthcheck.auth.signing-key-location=" + keyLocation);
    }

    private static AuthServer server(ConfigurableApplicationContext context) {
        return new AuthServer(((WebServerApplicationContext) context).getWebServer().getPort());
    }

    private static SignedJWT reservationToken(AuthServer server) {
        HttpResponse<String> response = server.postForm("/oauth2/token",
                Map.of("grant_type", "client_credentials", "scope", "schedule.hold"),
                "reservation:reservation-dev-secret");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return AuthServer.parse(AuthServer.json(response).path("access_token").asString());
    }

    /** What {@code openssl genpkey -algorithm RSA} writes: an unencrypted PKCS#8 private key in PEM. */
    private static String pkcs8Pem() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        byte[] pkcs8 = generator.generateKeyPair().getPrivate().getEncoded();
        return "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pkcs8)
                + "\n-----END PRIVATE KEY-----\n";
    }
}
