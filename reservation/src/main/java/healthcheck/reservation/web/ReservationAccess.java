package healthcheck.reservation.web;

import static healthcheck.platform.security.Roles.ADMIN;
import static healthcheck.platform.security.Roles.CUSTOMER;
import static healthcheck.platform.security.Roles.OPERATOR;

import healthcheck.platform.security.AccessRules;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.stereotype.Component;

/** Customers book and cancel (their own: the controller checks the owner); clinic staff read. */
@Component
class ReservationAccess implements AccessRules {

    @Override
    public void declare(AuthorizeHttpRequestsConfigurer<?>.AuthorizationManagerRequestMatcherRegistry endpoints) {
        endpoints.requestMatchers(HttpMethod.POST, "/reservations").hasRole(CUSTOMER)
                .requestMatchers(HttpMethod.DELETE, "/reservations/*").hasRole(CUSTOMER)
                .requestMatchers(HttpMethod.GET, "/reservations", "/reservations/*")
                .hasAnyRole(CUSTOMER, OPERATOR, ADMIN);
    }
}
