package healthcheck.auth.config;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What the issuer is configured with beyond Spring Authorization Server's own properties.
 *
 * @param signingKeyLocation a Spring resource location of a PKCS#8 PEM RSA private key; blank generates a key per
 *                           start (development only)
 * @param users              the people who can log in (development users: production uses a real identity provider)
 */
@ConfigurationProperties("healthcheck.auth")
record AuthProperties(String signingKeyLocation, List<User> users) {

    AuthProperties {
        users = users == null ? List.of() : List.copyOf(users);
    }

    boolean hasSigningKeyLocation() {
        return signingKeyLocation != null && !signingKeyLocation.isBlank();
    }

    /**
     * @param roles role names without the {@code ROLE_} prefix, as they appear in the token's {@code roles} claim
     */
    record User(String name, String password, List<String> roles) {

        User {
            roles = roles == null ? List.of() : List.copyOf(roles);
        }
    }
}
