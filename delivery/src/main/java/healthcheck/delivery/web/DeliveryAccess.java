package healthcheck.delivery.web;

import static healthcheck.platform.security.Roles.ADMIN;
import static healthcheck.platform.security.Roles.OPERATOR;

import healthcheck.platform.security.AccessRules;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.stereotype.Component;

/**
 * Mailings are the clinic's back office: operators move them on, admins may look. A customer follows their mailing
 * on MyPage, which shows only their own.
 */
@Component
class DeliveryAccess implements AccessRules {

    @Override
    public void declare(AuthorizeHttpRequestsConfigurer<?>.AuthorizationManagerRequestMatcherRegistry endpoints) {
        endpoints.requestMatchers(HttpMethod.PUT, "/deliveries/*/status").hasRole(OPERATOR)
                .requestMatchers(HttpMethod.GET, "/deliveries", "/deliveries/*").hasAnyRole(OPERATOR, ADMIN);
    }
}
