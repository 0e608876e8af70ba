package healthcheck.reservation.schedule;

import feign.codec.ErrorDecoder;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.json.JsonMapper;

/** Feign configuration of the schedule client only (deliberately not a @Configuration, so it is not global). */
class ScheduleClientConfiguration {

    @Bean
    ErrorDecoder scheduleErrorDecoder(JsonMapper jsonMapper) {
        return new ScheduleErrorDecoder(jsonMapper);
    }
}
