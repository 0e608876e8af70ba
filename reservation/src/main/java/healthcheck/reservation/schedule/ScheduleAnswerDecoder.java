package healthcheck.reservation.schedule;

import feign.RetryableException;
import feign.Response;
import feign.codec.Decoder;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads schedule's answer to a hold with the application's JsonMapper (see {@link ScheduleClientConfiguration} for
 * why not Spring's converters), and notes that schedule answered.
 * <p>
 * An answer whose body could not be read (the read timed out or the connection broke after the status line) is
 * retryable, like an answer that never came: Feign turns any failure of a decoder into a {@code DecodeException},
 * which no retryer sees, so the booking was refused with a 503 at once, although schedule was answering and asking
 * again under the same hold id is always safe. On CI (2026-12-02, a reservation container replaced beside the
 * compose stack on two cores) one hold's body read timed out 356 ms into the call, and its customer got the 503.
 */
final class ScheduleAnswerDecoder implements Decoder {

    private final JsonMapper jsonMapper;
    private final HoldRetryer.Answers answers;

    ScheduleAnswerDecoder(JsonMapper jsonMapper, HoldRetryer.Answers answers) {
        this.jsonMapper = jsonMapper;
        this.answers = answers;
    }

    @Override
    public Object decode(Response response, Type type) {
        answers.heard();
        try (InputStream body = response.body().asInputStream()) {
            return jsonMapper.readValue(body, jsonMapper.constructType(type));
        } catch (IOException | RuntimeException e) {
            IOException unread = readFailure(e);
            if (unread == null) {
                throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
            }
            throw new RetryableException(response.status(), "schedule's answer could not be read: " + unread,
                    response.request().httpMethod(), unread, (Long) null, response.request());
        }
    }

    /** The I/O failure behind {@code e} (Jackson wraps one in an unchecked exception), or null for a bad body. */
    private static IOException readFailure(Exception e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException io) {
                return io;
            }
        }
        return null;
    }
}
