package healthcheck.testsupport;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * Real signed JWTs for tests, shaped as the stack's issuer (the {@code auth} application) shapes them: {@code iss},
 * {@code aud: [healthcheck]}, {@code sub}, {@code roles}, {@code scope}, a short life. The key is made fresh per JVM
 * and its public half is served by {@link TestIssuer}, so the services under test validate these tokens exactly as
 * in production, through a JWKS URL. Each misfit a client might present has its own factory.
 */
public final class TestTokens {

    public static final String ISSUER = "http://issuer.healthcheck.test";
    public static final String AUDIENCE = "healthcheck";

    static final RSAKey KEY = generate();
    /** A key nobody published: what a forger signs with. */
    private static final RSAKey FORGER = generate();

    private TestTokens() {
    }

    public static String admin() {
        return user("admin", "ADMIN");
    }

    public static String operator() {
        return user("operator", "OPERATOR");
    }

    public static String customer(String name) {
        return user(name, "CUSTOMER");
    }

    /** A person with the given roles. */
    public static String user(String name, String... roles) {
        return sign(KEY, claims(name, List.of(roles), null, ISSUER, AUDIENCE, Duration.ofMinutes(15)));
    }

    /** A service's client-credentials token: no roles, the given scopes. */
    public static String client(String clientId, String... scopes) {
        return sign(KEY, claims(clientId, null, String.join(" ", scopes), ISSUER, AUDIENCE, Duration.ofMinutes(15)));
    }

    /** The customer's token, signed by a key the issuer never published. */
    public static String forged(String name) {
        return sign(FORGER, claims(name, List.of("ADMIN", "OPERATOR", "CUSTOMER"), null, ISSUER, AUDIENCE,
                Duration.ofMinutes(15)));
    }

    /** A genuine token whose life ended five minutes ago (past any clock-skew allowance). */
    public static String expired(String name) {
        return sign(KEY, claims(name, List.of("CUSTOMER"), null, ISSUER, AUDIENCE, Duration.ofMinutes(-5)));
    }

    /** A genuine token the issuer gave to some other application. */
    public static String forAnotherAudience(String name) {
        return sign(KEY, claims(name, List.of("CUSTOMER"), null, ISSUER, "another-application",
                Duration.ofMinutes(15)));
    }

    /** A token signed with the published key but naming another issuer. */
    public static String fromAnotherIssuer(String name) {
        return sign(KEY, claims(name, List.of("CUSTOMER"), null, "http://evil.example", AUDIENCE,
                Duration.ofMinutes(15)));
    }

    /**
     * The token of one of the callers a role-by-endpoint matrix names: {@code anonymous} (none: null), {@code admin},
     * {@code operator}, {@code reservation} (the service's client, scope schedule.hold), {@code tools} (the
     * operations tools' client, scope dead-letters), or any other name for a customer of that name.
     */
    public static String of(String caller) {
        return switch (caller) {
            case "anonymous" -> null;
            case "admin" -> admin();
            case "operator" -> operator();
            case "reservation" -> client("reservation", "schedule.hold");
            case "tools" -> client("healthcheck-tools", "dead-letters");
            default -> customer(caller);
        };
    }

    public static String bearer(String token) {
        return "Bearer " + token;
    }

    private static JWTClaimsSet claims(String subject, List<String> roles, String scope, String issuer,
            String audience, Duration life) {
        Instant now = Instant.now();
        Instant expiry = now.plus(life);
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(issuer).subject(subject).audience(audience).jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(life.isNegative() ? expiry.minus(Duration.ofMinutes(15)) : now))
                .notBeforeTime(Date.from(life.isNegative() ? expiry.minus(Duration.ofMinutes(15)) : now))
                .expirationTime(Date.from(expiry));
        if (roles != null) {
            claims.claim("roles", roles);
        }
        if (scope != null) {
            claims.claim("scope", scope);
        }
        return claims.build();
    }

    static String sign(RSAKey key, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                    .type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RSAKey generate() {
        try {
            return new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
