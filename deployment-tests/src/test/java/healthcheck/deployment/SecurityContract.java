package healthcheck.deployment;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What issue 9's security contract asks of every deployment: the issuer is the application {@value #ISSUER}; the
 * five resource servers read ISSUER_URI (the `iss` their tokens must carry) and JWK_SET_URI (where the issuer's keys
 * are); reservation also TOKEN_URI and RESERVATION_CLIENT_SECRET for its own client-credentials token; auth reads
 * ISSUER_URI and the confidential clients' secrets, and its signing key from AUTH_SIGNING_KEY_LOCATION when set.
 *
 * <p>The services in this tree may predate the contract (their configuration then reads none of these yet), so a
 * deployment may set what the contract names even where {@link ServiceConfig} does not find it read; once a service
 * reads any of them it must read all its required ones ({@code SecurityContractTest}).
 */
final class SecurityContract {

    static final String ISSUER = "auth";
    static final String JWKS_PATH = "/oauth2/jwks";
    static final String TOKEN_PATH = "/oauth2/token";
    static final String SIGNING_KEY_VARIABLE = "AUTH_SIGNING_KEY_LOCATION";

    /** A variable whose value is a secret: it must come from a Secret (Kubernetes) or the environment (compose). */
    static final Pattern SECRET_NAME = Pattern.compile("[A-Z0-9_]*(PASSWORD|SECRET|CREDENTIALS?|PRIVATE_KEY|API_KEY)");

    private SecurityContract() {
    }

    static boolean isResourceServer(String service) {
        return ServiceConfig.SERVICES.contains(service) && !ISSUER.equals(service);
    }

    /** What a deployment must give the service. */
    static Set<String> required(String service) {
        if (ISSUER.equals(service)) {
            return Set.of("ISSUER_URI", "RESERVATION_CLIENT_SECRET", "WEB_CLIENT_SECRET", "TOOLS_CLIENT_SECRET");
        }
        if ("reservation".equals(service)) {
            return Set.of("ISSUER_URI", "JWK_SET_URI", "TOKEN_URI", "RESERVATION_CLIENT_SECRET");
        }
        return isResourceServer(service) ? Set.of("ISSUER_URI", "JWK_SET_URI") : Set.of();
    }

    /** What a deployment may give the service besides the required ones. */
    static Set<String> optional(String service) {
        return ISSUER.equals(service) ? Set.of(SIGNING_KEY_VARIABLE, "GATEWAY_PUBLIC_URL", "AUTH_PORT") : Set.of();
    }

    /** What the service reads by its own configuration, and what the contract says it reads. */
    static Set<String> readable(ServiceConfig config) {
        Set<String> names = new TreeSet<>(config.environmentVariables());
        names.addAll(required(config.name()));
        names.addAll(optional(config.name()));
        return names;
    }

    static boolean isSecret(String variable) {
        return SECRET_NAME.matcher(variable).matches();
    }
}
