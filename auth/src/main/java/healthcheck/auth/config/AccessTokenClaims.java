package healthcheck.auth.config;

import java.util.List;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.stereotype.Component;

/**
 * What the resource servers check in an access token beyond SAS's defaults: the audience {@code healthcheck}
 * (replacing SAS's default of the client id, so one token works at every service and no other audience slips in)
 * and, for a person, their roles. ID tokens are left as SAS makes them.
 */
@Component
class AccessTokenClaims implements OAuth2TokenCustomizer<JwtEncodingContext> {

    static final String AUDIENCE = "healthcheck";
    static final String ROLES = "roles";
    private static final String ROLE_PREFIX = "ROLE_";

    @Override
    public void customize(JwtEncodingContext context) {
        if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
            return;
        }
        context.getClaims().audience(List.of(AUDIENCE));
        Authentication principal = context.getPrincipal();
        // client credentials: the principal is the client itself, which has no roles
        if (!(principal instanceof OAuth2ClientAuthenticationToken)) {
            context.getClaims().claim(ROLES, roles(principal));
        }
    }

    /**
     * Only the roles: a login also carries other authorities (Spring Security 7 adds a factor such as
     * FACTOR_PASSWORD), which say how the user signed in, not what they may do.
     */
    private static List<String> roles(Authentication user) {
        return user.getAuthorities().stream()
                .map(GrantedAuthority::getAuthority)
                .filter(authority -> authority != null && authority.startsWith(ROLE_PREFIX))
                .map(authority -> authority.substring(ROLE_PREFIX.length()))
                .sorted()
                .toList();
    }
}
