package healthcheck.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class RequestBodyLimitFilterTest {

    private static final int LIMIT = 100;

    private final RequestBodyLimitFilter filter = new RequestBodyLimitFilter(LIMIT);
    private final MockHttpServletResponse response = new MockHttpServletResponse();
    private final MockFilterChain chain = new MockFilterChain();

    @Test
    void aDeclaredLengthOverTheLimitIsRefusedWith413BeforeAnythingReadsIt() throws Exception {
        MockHttpServletRequest request = post(new byte[LIMIT + 1]);

        filter.doFilter(request, response, chain);

        assertThat(response.getStatus()).isEqualTo(413);
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        assertThat(response.getContentAsString()).contains("\"code\":\"PAYLOAD_TOO_LARGE\"");
        assertThat(chain.getRequest()).as("never handled").isNull();
    }

    @Test
    void aChunkedBodyThatGoesPastTheLimitIsRefused() throws Exception {
        MockHttpServletRequest request = chunked(new byte[LIMIT + 1]);

        filter.doFilter(request, response, chain);

        assertThat(response.getStatus()).isEqualTo(413);
        assertThat(chain.getRequest()).isNull();
    }

    @Test
    void aChunkedBodyWithinTheLimitReachesTheHandlerWhole() throws Exception {
        byte[] body = "{\"scheduleId\":1}".getBytes(StandardCharsets.UTF_8);

        filter.doFilter(chunked(body), response, chain);

        HttpServletRequest handled = (HttpServletRequest) chain.getRequest();
        assertThat(handled.getInputStream().readAllBytes()).isEqualTo(body);
        assertThat(response.getStatus()).isEqualTo(200);
    }

    @Test
    void aBodyOfExactlyTheLimitPasses() throws Exception {
        filter.doFilter(post(new byte[LIMIT]), response, chain);

        assertThat(chain.getRequest()).isNotNull();
        assertThat(response.getStatus()).isEqualTo(200);
    }

    private static MockHttpServletRequest post(byte[] body) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/things");
        request.setContent(body);
        return request;
    }

    /** No Content-Length, as a chunked request arrives. */
    private static MockHttpServletRequest chunked(byte[] body) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/things") {
            @Override
            public long getContentLengthLong() {
                return -1;
            }

            @Override
            public int getContentLength() {
                return -1;
            }
        };
        request.setContent(body);
        request.addHeader("Transfer-Encoding", "chunked");
        return request;
    }
}
