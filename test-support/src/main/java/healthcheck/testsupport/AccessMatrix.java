package healthcheck.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;

import java.util.stream.Stream;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

/**
 * One row of a service's role-by-endpoint matrix: {@code caller} (see {@link TestTokens#of}) sends {@code method
 * path}; {@code expected} is 401 or 403 for a request turned away before the controller, or {@code in} for one
 * that got past security (the service then answers it, whatever that answer is).
 */
public final class AccessMatrix {

    private AccessMatrix() {
    }

    public static void check(MockMvc mvc, String caller, String method, String path, String json, String expected)
            throws Exception {
        var call = request(HttpMethod.valueOf(method), path).contentType(MediaType.APPLICATION_JSON).content(json);
        String token = TestTokens.of(caller);
        if (token != null) {
            call.header("Authorization", TestTokens.bearer(token));
        }
        int status = mvc.perform(call).andReturn().getResponse().getStatus();
        if (expected.equals("in")) {
            assertThat(status).as("%s %s %s", caller, method, path).isNotIn(401, 403);
        } else {
            assertThat(status).as("%s %s %s", caller, method, path).isEqualTo(Integer.parseInt(expected));
        }
    }

    /**
     * The rows every service's matrix runs for platform's dead-letter tools ({@code /dead-letters}): clinic operators
     * and the operations tools' client get in, no one else; as rows for {@code @MethodSource}.
     */
    public static Stream<Object[]> deadLetterTools() {
        return Stream.of(
                new Object[] {"anonymous", "GET", "/dead-letters", "401"},
                new Object[] {"anonymous", "POST", "/dead-letters/replay", "401"},
                new Object[] {"alice", "GET", "/dead-letters", "403"},
                new Object[] {"alice", "POST", "/dead-letters/replay", "403"},
                new Object[] {"admin", "GET", "/dead-letters", "403"},
                new Object[] {"reservation", "POST", "/dead-letters/replay", "403"},
                new Object[] {"operator", "GET", "/dead-letters", "in"},
                new Object[] {"operator", "POST", "/dead-letters/replay", "in"},
                new Object[] {"tools", "GET", "/dead-letters", "in"},
                new Object[] {"tools", "POST", "/dead-letters/replay", "in"});
    }
}
