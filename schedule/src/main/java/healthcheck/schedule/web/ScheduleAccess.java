package healthcheck.schedule.web;

import static healthcheck.platform.security.Roles.ADMIN;
import static healthcheck.platform.security.Roles.HOLD_SCOPE;

import healthcheck.platform.security.AccessRules;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.stereotype.Component;

/**
 * Anyone may browse schedules; admins register them; places are taken only by the reservation service, with its
 * client-credentials token (a customer's token, even an admin's, is refused at the hold endpoint).
 */
@Component
public class ScheduleAccess implements AccessRules {

    @Override
    public void declare(AuthorizeHttpRequestsConfigurer<?>.AuthorizationManagerRequestMatcherRegistry endpoints) {
        endpoints.requestMatchers(HttpMethod.POST, "/schedules/*/holds").hasAuthority("SCOPE_" + HOLD_SCOPE)
                .requestMatchers(HttpMethod.POST, "/schedules").hasRole(ADMIN)
                .requestMatchers(HttpMethod.GET, "/schedules", "/schedules/*").permitAll();
    }
}
