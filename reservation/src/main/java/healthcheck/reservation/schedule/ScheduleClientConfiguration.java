package healthcheck.reservation.schedule;

import feign.Retryer;
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

    /**
     * Attempts in all, for a hold whose answer did not arrive; with 250 ms each, a failing call ends within ~1.4 s.
     * Five rather than three: in a rush on a just-started stack (cold JIT, two cores) takes on one schedule queue for
     * its row lock, and with three attempts 2-7 of 200 customers were told 503 after ~0.9 s although their places
     * were being taken. A repeated attempt never takes twice, and the circuit counts the booking's call once.
     */
    static final int HOLD_ATTEMPTS = 5;

    /**
     * A hold whose answer did not arrive (read timeout, reset or refused connection) is asked again at once, under
     * the same hold id. Schedule answers a repeated hold id with the hold it already took, so a retry never takes
     * twice; and a place taken by a call whose answer was lost becomes the customer's booking, instead of being
     * released after the rest of a rush was told the schedule is full. Only network failures are retried (Feign's
     * RetryableException); schedule's answers, and an open circuit, are not.
     */
    @Bean
    Retryer scheduleRetryer() {
        return new Retryer.Default(20, 50, HOLD_ATTEMPTS);
    }

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
