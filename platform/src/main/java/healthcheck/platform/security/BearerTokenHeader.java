package healthcheck.platform.security;

import healthcheck.http.BearerTokens;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.BearerTokenErrors;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;

/**
 * The bearer token of a request's Authorization header, with the answers of Spring Security's
 * {@code DefaultBearerTokenResolver} as the services had it (the header only, no {@code access_token} parameter):
 * no header, or another scheme, is no token; {@code Bearer} followed by anything but one b64token is its
 * {@code invalid_token} error. Spring's matched the header against a regular expression ({@link BearerTokens} says
 * what that cost).
 */
final class BearerTokenHeader implements BearerTokenResolver {

    @Override
    public String resolve(HttpServletRequest request) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (!BearerTokens.claimsBearer(authorization)) {
            return null;
        }
        String token = BearerTokens.tokenOf(authorization);
        if (token == null) {
            throw new OAuth2AuthenticationException(BearerTokenErrors.invalidToken("Bearer token is malformed"));
        }
        return token;
    }
}
