package healthcheck.reservation.schedule;

import feign.Response;
import feign.codec.ErrorDecoder;
import java.io.IOException;
import java.io.InputStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns schedule's 404/409 problem answers into {@link ScheduleRejection}; anything else stays a failure, and so
 * does a 404 without schedule's own {@code SCHEDULE_NOT_FOUND} code.
 */
class ScheduleErrorDecoder implements ErrorDecoder {

    static final String SCHEDULE_NOT_FOUND = "SCHEDULE_NOT_FOUND";

    private static final int MAX_BODY = 16 * 1024;

    private final ErrorDecoder fallback = new ErrorDecoder.Default();
    private final JsonMapper jsonMapper;
    private final HoldRetryer.Answers answers;

    ScheduleErrorDecoder(JsonMapper jsonMapper, HoldRetryer.Answers answers) {
        this.jsonMapper = jsonMapper;
        this.answers = answers;
    }

    @Override
    public Exception decode(String methodKey, Response response) {
        int status = response.status();
        if (status != 404 && status != 409) {
            return fallback.decode(methodKey, response);
        }
        JsonNode body = readBody(response);
        String code = text(body, "code");
        if (status == 404 && !SCHEDULE_NOT_FOUND.equals(code)) {
            // Not schedule saying "no such schedule": a URL nothing serves there (a wrong SCHEDULE_URL, a proxy's
            // own 404). Taken for "unknown schedule" it would tell customers a real schedule does not exist.
            return new ScheduleMisrouted(status, code);
        }
        // a business answer: schedule is alive and deciding (a 5xx is not counted as hearing from it)
        answers.heard();
        String detail = text(body, "detail");
        JsonNode available = body == null ? null : body.get("availableCount");
        Integer availableCount = available != null && available.isNumber() ? available.asInt() : null;
        return new ScheduleRejection(status, code, availableCount, detail);
    }

    /** A 404 that is not schedule's answer: a failure the circuit breaker counts, like a refused connection. */
    static final class ScheduleMisrouted extends RuntimeException {
        ScheduleMisrouted(int status, String code) {
            super("schedule's URL answered " + status + (code == null ? " without a problem code" : " " + code)
                    + ": is SCHEDULE_URL right?");
        }
    }

    private JsonNode readBody(Response response) {
        if (response.body() == null) {
            return null;
        }
        try (InputStream in = response.body().asInputStream()) {
            byte[] bytes = in.readNBytes(MAX_BODY);
            return bytes.length == 0 ? null : jsonMapper.readTree(bytes);
        } catch (IOException | RuntimeException e) {
            // A 404/409 without a readable problem body is still a business answer; details are optional.
            return null;
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode node = body == null ? null : body.get(field);
        return node == null || node.isNull() ? null : node.asString();
    }
}
