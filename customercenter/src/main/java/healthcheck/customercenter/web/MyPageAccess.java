package healthcheck.customercenter.web;

import static healthcheck.platform.security.Roles.ADMIN;
import static healthcheck.platform.security.Roles.CUSTOMER;
import static healthcheck.platform.security.Roles.OPERATOR;

import healthcheck.platform.security.AccessRules;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.stereotype.Component;

/** MyPage is read by its customer (the controller checks whose) and by clinic staff; nobody writes it over HTTP. */
@Component
class MyPageAccess implements AccessRules {

    @Override
    public void declare(AuthorizeHttpRequestsConfigurer<?>.AuthorizationManagerRequestMatcherRegistry endpoints) {
        endpoints.requestMatchers(HttpMethod.GET, "/myPages", "/myPages/*").hasAnyRole(CUSTOMER, OPERATOR, ADMIN);
    }
}
