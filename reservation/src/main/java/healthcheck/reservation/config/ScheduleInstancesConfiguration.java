package healthcheck.reservation.config;

import java.time.Duration;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * The client Spring Cloud LoadBalancer asks each schedule instance's readiness with (its health-check
 * configuration takes the application's RestClient). Short timeouts: an instance that cannot answer its probe in
 * half a second is not one to send a hold with a 250 ms budget to.
 */
@Configuration(proxyBeanMethods = false)
class ScheduleInstancesConfiguration {

    @Bean
    RestClient scheduleReadinessClient() {
        SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
        requests.setConnectTimeout(Duration.ofMillis(500));
        requests.setReadTimeout(Duration.ofMillis(500));
        return RestClient.builder().requestFactory(requests).build();
    }
}
