package healthcheck.reservation.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import feign.Request;
import feign.Response;
import feign.RetryableException;
import feign.Retryer;
import healthcheck.reservation.schedule.ScheduleClient.HoldResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class ScheduleAnswerDecoderTest {

    private static final String ANSWER =
            "{\"holdId\":\"h-1\",\"scheduleId\":1,\"reservationId\":7,\"count\":2,\"status\":\"HELD\",\"availableCount\":8}";

    private long now = 0;
    private final HoldRetryer.Answers answers = new HoldRetryer.Answers(() -> now);
    private final ScheduleAnswerDecoder decoder = new ScheduleAnswerDecoder(JsonMapper.builder().build(), answers);

    @Test
    void anAnswerIsReadAndCountsAsScheduleHeard() throws IOException {
        Object read = decoder.decode(answer(new ByteArrayInputStream(ANSWER.getBytes(StandardCharsets.UTF_8))),
                HoldResponse.class);

        assertThat(read).isEqualTo(new HoldResponse("h-1", 1, 7, 2, "HELD", 8));
        assertThat(answers.heardWithin(Duration.ofMillis(1))).isTrue();
    }

    @Test
    void anAnswerWhoseBodyTimesOutIsAskedAgainAsALostAnswerIs() {
        // the status line and the first bytes came, the rest did not within the read timeout
        InputStream stalls = new SequenceInputStream(new ByteArrayInputStream("{\"holdId\":".getBytes(
                StandardCharsets.UTF_8)), new InputStream() {
                    @Override
                    public int read() throws IOException {
                        throw new SocketTimeoutException("Read timed out");
                    }
                });

        assertThatThrownBy(() -> decoder.decode(answer(stalls), HoldResponse.class))
                .isInstanceOfSatisfying(RetryableException.class, lost -> {
                    assertThat(lost.getCause()).isInstanceOf(SocketTimeoutException.class);
                    // schedule answered, so the hold is asked again rather than refused
                    Retryer retryer = new HoldRetryer(answers, 1, Duration.ofSeconds(3), Duration.ofSeconds(4),
                            () -> now, millis -> now += millis * 1_000_000, OptionalLong::empty).clone();
                    retryer.continueOrPropagate(lost);
                });
    }

    @Test
    void aBodyThatIsNotAnAnswerIsNotAskedAgain() {
        assertThatThrownBy(() -> decoder.decode(answer(new ByteArrayInputStream("not json".getBytes(
                StandardCharsets.UTF_8))), HoldResponse.class))
                .isNotInstanceOf(RetryableException.class);
    }

    private static Response answer(InputStream body) {
        Request request = Request.create(Request.HttpMethod.POST, "http://schedule/schedules/1/holds", Map.of(),
                new byte[0], StandardCharsets.UTF_8, null);
        return Response.builder().status(200).request(request).headers(Map.of()).body(body, null).build();
    }
}
