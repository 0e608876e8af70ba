package healthcheck.reservation.config;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ClockConfiguration {

    /** One clock bean so tests can age rows deterministically instead of sleeping. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
