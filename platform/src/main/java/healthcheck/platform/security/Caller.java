package healthcheck.platform.security;

import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/**
 * Who sent the request, as its validated token says: the subject (a customer's id is always this, never a field of
 * the request) and the roles. Controllers take it as a parameter; see {@link CallerArgumentResolver}.
 */
public record Caller(String subject, Set<String> roles) {

    static Caller of(Authentication authentication) {
        return new Caller(authentication.getName(), authentication.getAuthorities().stream()
                .map(GrantedAuthority::getAuthority)
                .filter(authority -> authority.startsWith("ROLE_"))
                .map(authority -> authority.substring("ROLE_".length()))
                .collect(Collectors.toUnmodifiableSet()));
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    /** Clinic staff read every customer's records; customers read their own. */
    public boolean isStaff() {
        return hasRole(Roles.ADMIN) || hasRole(Roles.OPERATOR);
    }

    /** Whether this caller may see what belongs to {@code ownerId}. */
    public boolean mayRead(String ownerId) {
        return isStaff() || subject.equals(ownerId);
    }
}
