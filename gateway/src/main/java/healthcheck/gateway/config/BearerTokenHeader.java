package healthcheck.gateway.config;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.BearerTokenErrors;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.web.server.ServerWebExchange;

import healthcheck.http.BearerTokens;

/**
 * The bearer token of a request's Authorization header, with the answers of Spring Security's
 * {@code ServerBearerTokenAuthenticationConverter} as the gateway had it (the header only, no {@code access_token}
 * parameter): no header, or another scheme, is no token (so 401, nothing else authenticates here); {@code Bearer}
 * followed by anything but one b64token is its {@code invalid_token} error. Spring's matched the header against a
 * regular expression and merged three publishers to find it ({@link BearerTokens} says what that cost).
 */
final class BearerTokenHeader implements ServerAuthenticationConverter {

    @Override
    public Mono<Authentication> convert(ServerWebExchange exchange) {
        String authorization = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (!BearerTokens.claimsBearer(authorization)) {
            return Mono.empty();
        }
        String token = BearerTokens.tokenOf(authorization);
        if (token == null) {
            return Mono.error(new OAuth2AuthenticationException(
                    BearerTokenErrors.invalidToken("Bearer token is malformed")));
        }
        return Mono.just(new BearerTokenAuthenticationToken(token));
    }
}
