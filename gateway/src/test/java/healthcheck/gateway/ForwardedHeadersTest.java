package healthcheck.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import healthcheck.testsupport.TestTokens;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.RemoveForwardedHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.RemoveHopByHopHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.RemoveXForwardedHeadersFilter;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What a forward passes on: none of the hop-by-hop headers, nor a header the Connection header names, either way;
 * no forwarding header a caller wrote; everything else as it came. Sent over a raw socket, since Java's HTTP client
 * refuses to write some of these headers.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ForwardedHeadersTest {

    @RegisterExtension
    static final StubServices services = new StubServices();

    @DynamicPropertySource
    static void downstreams(DynamicPropertyRegistry registry) {
        services.wire(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @BeforeEach
    void reset() {
        services.reset();
    }

    @Test
    void aForwardedRequestCarriesNoHopByHopOrCallerWrittenForwardingHeaders() throws IOException {
        String answer = rawGet("/schedules/1", """
                Authorization: %s
                Connection: X-Hop
                X-Hop: for this connection only
                Keep-Alive: timeout=5
                Proxy-Authorization: Basic Zm9vOmJhcg==
                TE: trailers
                Forwarded: for=203.0.113.9
                X-Forwarded-For: 203.0.113.9
                X-Forwarded-Host: elsewhere.example
                X-Forwarded-Prefix: /elsewhere
                X-Note: passed on
                """.formatted(TestTokens.bearer(TestTokens.of("alice"))));

        assertThat(answer).startsWith("HTTP/1.1 200");
        assertThat(services.schedule.requests()).singleElement().satisfies(request -> {
            assertThat(request.headers()).doesNotContainKeys("x-hop", "keep-alive", "proxy-authorization", "te",
                    "forwarded", "x-forwarded-for", "x-forwarded-host", "x-forwarded-prefix");
            assertThat(request.headers()).containsEntry("x-note", List.of("passed on"));
            assertThat(request.authorization()).startsWith("Bearer ");
        });
    }

    @Test
    void anAnswerCarriesNoHopByHopHeadersAndKeepsTheRest() throws IOException {
        services.schedule.script("/schedules/2", new StubService.Reply(200, "application/json", "{}", Map.of(
                "Keep-Alive", "timeout=5", "Proxy-Authenticate", "Basic", "X-Forwarded-For", "10.0.0.1",
                "X-Kept", "yes")));

        String answer = rawGet("/schedules/2", "").toLowerCase();

        assertThat(answer).startsWith("http/1.1 200").contains("x-kept: yes", "x-forwarded-for: 10.0.0.1")
                .doesNotContain("keep-alive:", "proxy-authenticate:");
    }

    /** One pass over the headers instead of Spring Cloud Gateway's three filters, each copying them all. */
    @Test
    void theHeadersAreDroppedInOnePass() {
        assertThat(context.getBeansOfType(HttpHeadersFilter.class).values())
                .noneMatch(filter -> filter instanceof RemoveHopByHopHeadersFilter
                        || filter instanceof RemoveForwardedHeadersFilter
                        || filter instanceof RemoveXForwardedHeadersFilter)
                .filteredOn(filter -> filter.getClass().getSimpleName().equals("StrippedHeaders"))
                .hasSize(2);
    }

    private String rawGet(String path, String headerLines) throws IOException {
        return Http.rawGet(port, path, headerLines);
    }
}
