package healthcheck.reservation.schedule;

import feign.Response;
import feign.codec.ErrorDecoder;
import java.io.IOException;
import java.io.InputStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Turns schedule's 404/409 problem answers into {@link ScheduleRejection}; anything else stays a failure. */
class ScheduleErrorDecoder implements ErrorDecoder {

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
        // a business answer: schedule is alive and deciding (a 5xx is not counted as hearing from it)
        answers.heard();
        JsonNode body = readBody(response);
        String code = text(body, "code");
        String detail = text(body, "detail");
        JsonNode available = body == null ? null : body.get("availableCount");
        Integer availableCount = available != null && available.isNumber() ? available.asInt() : null;
        return new ScheduleRejection(status, code, availableCount, detail);
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
