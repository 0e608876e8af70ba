package healthcheck.reservation.schedule;

import feign.Retryer;
import feign.codec.Decoder;
import feign.codec.Encoder;
import feign.codec.ErrorDecoder;
import java.nio.charset.StandardCharsets;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.convert.DurationStyle;
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
     * Attempts in all for a hold whose answer did not arrive, when schedule has answered nobody lately; with 250 ms
     * each, such a call ends within ~1.4 s. Five rather than three: in a rush on a just-started stack (cold JIT, two
     * cores) takes on one schedule queue for its row lock, and with three attempts 2-7 of 200 customers were told
     * 503 after ~0.9 s although their places were being taken. The circuit counts the booking's call once.
     */
    static final int HOLD_ATTEMPTS = 5;

    /** Schedule's last answer to any call, for {@link HoldRetryer}'s judgement whether it is alive. */
    @Bean
    HoldRetryer.Answers scheduleAnswers() {
        return new HoldRetryer.Answers(System::nanoTime);
    }

    /**
     * Only network failures are retried (Feign's RetryableException), under the same hold id; schedule's answers,
     * and an open circuit, are not. See {@link HoldRetryer} for how long.
     */
    @Bean
    Retryer scheduleRetryer(HoldRetryer.Answers answers,
                            @Value("${healthcheck.reservation.hold.patience:3s}") String patience,
                            @Value("${healthcheck.reservation.hold.budget:4s}") String budget) {
        // parsed here: the Feign client's own context has no conversion service for Duration
        return new HoldRetryer(answers, HOLD_ATTEMPTS, DurationStyle.detectAndParse(patience),
                DurationStyle.detectAndParse(budget), System::nanoTime, Thread::sleep);
    }

    @Bean
    ErrorDecoder scheduleErrorDecoder(JsonMapper jsonMapper, HoldRetryer.Answers answers) {
        return new ScheduleErrorDecoder(jsonMapper, answers);
    }

    @Bean
    Encoder scheduleEncoder(JsonMapper jsonMapper) {
        // the content type comes from the client's mapping (consumes = application/json)
        return (body, type, request) -> request.body(jsonMapper.writeValueAsBytes(body), StandardCharsets.UTF_8);
    }

    @Bean
    Decoder scheduleDecoder(JsonMapper jsonMapper, HoldRetryer.Answers answers) {
        return new ScheduleAnswerDecoder(jsonMapper, answers);
    }
}
