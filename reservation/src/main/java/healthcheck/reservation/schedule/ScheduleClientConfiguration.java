package healthcheck.reservation.schedule;

import feign.codec.Decoder;
import feign.codec.Encoder;
import feign.codec.ErrorDecoder;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.json.JsonMapper;

/**
 * Feign configuration of the schedule client only (deliberately not a @Configuration, so it is not global).
 * <p>
 * The request and answer are written and read with the application's JsonMapper directly rather than through
 * Spring's message converters: Spring Cloud OpenFeign 5.0 builds those converters lazily and not thread-safely
 * (spring-cloud-openfeign#1307, #1371), and a booking rush on a fresh instance made every call fail with "no
 * suitable HttpMessageConverter", which kept the circuit open. Two JSON records need no converter machinery.
 */
class ScheduleClientConfiguration {

    @Bean
    ErrorDecoder scheduleErrorDecoder(JsonMapper jsonMapper) {
        return new ScheduleErrorDecoder(jsonMapper);
    }

    @Bean
    Encoder scheduleEncoder(JsonMapper jsonMapper) {
        // the content type comes from the client's mapping (consumes = application/json)
        return (body, type, request) -> request.body(jsonMapper.writeValueAsBytes(body), StandardCharsets.UTF_8);
    }

    @Bean
    Decoder scheduleDecoder(JsonMapper jsonMapper) {
        return (response, type) -> {
            try (InputStream body = response.body().asInputStream()) {
                return jsonMapper.readValue(body, jsonMapper.constructType(type));
            }
        };
    }
}
