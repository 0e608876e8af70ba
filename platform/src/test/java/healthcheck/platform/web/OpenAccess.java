package healthcheck.platform.web;

import healthcheck.platform.security.AccessRules;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;

/** For tests of what every endpoint shares: who may call the test's endpoints is not what they are about. */
class OpenAccess implements AccessRules {

    @Override
    public void declare(AuthorizeHttpRequestsConfigurer<?>.AuthorizationManagerRequestMatcherRegistry endpoints) {
        endpoints.requestMatchers("/**").permitAll();
    }
}
