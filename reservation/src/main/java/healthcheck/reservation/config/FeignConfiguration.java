package healthcheck.reservation.config;

import org.springframework.cloud.openfeign.EnableFeignClients;
import org.springframework.context.annotation.Configuration;

/** Here rather than on the application class, so web slice tests do not try to build the Feign clients. */
@Configuration(proxyBeanMethods = false)
@EnableFeignClients(basePackages = "healthcheck.reservation.schedule")
class FeignConfiguration {
}
