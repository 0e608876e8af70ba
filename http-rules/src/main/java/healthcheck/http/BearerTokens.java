package healthcheck.http;

/**
 * The form of a bearer token in an Authorization header, as Spring Security's resolvers (WebFlux's
 * {@code ServerBearerTokenAuthenticationConverter}, the servlet {@code DefaultBearerTokenResolver}) decide it, without
 * their regular expression {@code ^Bearer (?<token>[a-zA-Z0-9-._~+/]+=*)$} (case-insensitive): it ran over the whole
 * header, ~900 characters on every request, for 1.4-3.2 % of a service's CPU and, with the converter's merge of
 * three publishers to find that one header, 3.2 % of the gateway's at a peak (JFR, 2026-12-05).
 * {@code BearerTokensTest} holds it to their expression.
 */
public final class BearerTokens {

    private static final String SCHEME = "bearer";
    private static final int TOKEN_START = SCHEME.length() + 1;

    private BearerTokens() {
    }

    /**
     * Whether the header claims to carry a bearer token at all: the resolvers' own first test, which decides between
     * "no token" (another scheme, or none) and "a malformed one".
     */
    public static boolean claimsBearer(String authorization) {
        return authorization != null && authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length());
    }

    /**
     * The token of {@code Bearer <b64token>}, the scheme in any ASCII case and one space before the token, or null
     * when the header is not exactly that.
     */
    public static String tokenOf(String authorization) {
        int length = authorization.length();
        if (length <= TOKEN_START || authorization.charAt(SCHEME.length()) != ' ') {
            return null;
        }
        for (int i = 0; i < SCHEME.length(); i++) {
            // the scheme is letters, and c | 0x20 maps exactly 'B' and 'b' (and so on) to the lower-case letter
            if ((authorization.charAt(i) | 0x20) != SCHEME.charAt(i)) {
                return null;
            }
        }
        int end = TOKEN_START;
        while (end < length && isTokenCharacter(authorization.charAt(end))) {
            end++;
        }
        if (end == TOKEN_START) {
            return null;
        }
        while (end < length && authorization.charAt(end) == '=') {
            end++;
        }
        return end == length ? authorization.substring(TOKEN_START) : null;
    }

    private static boolean isTokenCharacter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
    }
}
