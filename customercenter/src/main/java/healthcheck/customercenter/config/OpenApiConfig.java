package healthcheck.customercenter.config;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class OpenApiConfig {

    @Bean
    OpenAPI customercenterApi() {
        return new OpenAPI().info(new Info()
                .title("customercenter — MyPage")
                .version("1")
                .description("Read-only view of a customer's bookings and mailings, built from the events of "
                        + "schedule, reservation and delivery. Eventually consistent: a new booking appears "
                        + "once its event has been consumed."));
    }
}
