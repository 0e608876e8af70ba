package healthcheck.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A client that sends its next request on the same connection as soon as it has read an answer. With
 * reactor-netty 1.3.6 such a request could arrive before the previous exchange had ended, be buffered, and once
 * the buffer drained the connection stopped reading (reactor-netty issue #4361): the request after it waited
 * until the client gave up. Against the stack's gateway a connection stalled within 4 to 1,239 readiness checks.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class KeptAliveConnectionTest {

    private static final int REQUESTS = 3_000;
    private static final int ANSWER_WITHIN_MILLIS = 2_000;

    @RegisterExtension
    static final StubServices services = new StubServices();

    @DynamicPropertySource
    static void downstreams(DynamicPropertyRegistry registry) {
        services.wire(registry);
    }

    @LocalServerPort
    int port;

    @Test
    void everyRequestOnOneKeptAliveConnectionIsAnsweredEvenWhenItFollowsTheLastAnswerAtOnce() throws IOException {
        int answered = 0;
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(ANSWER_WITHIN_MILLIS);
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            byte[] request = "GET /actuator/health/readiness HTTP/1.1\r\nHost: localhost\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < REQUESTS; i++) {
                out.write(request);
                out.flush();
                try {
                    assertThat(readAnswer(in)).as("answer %d", i + 1).startsWith("HTTP/1.1 200");
                } catch (SocketTimeoutException e) {
                    break;
                }
                answered++;
            }
        }
        assertThat(answered).as("requests answered within %d ms on one connection", ANSWER_WITHIN_MILLIS)
                .isEqualTo(REQUESTS);
    }

    /** One answer: its head, then as many body bytes as its Content-Length says (the gateway's probes send it). */
    private static String readAnswer(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after " + head.size() + " bytes of an answer");
            }
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String text = head.toString(StandardCharsets.US_ASCII);
        int length = text.lines().map(line -> line.toLowerCase(Locale.ROOT))
                .filter(line -> line.startsWith("content-length:"))
                .mapToInt(line -> Integer.parseInt(line.substring("content-length:".length()).trim()))
                .findFirst().orElseThrow(() -> new IOException("an answer without Content-Length: " + text));
        in.readNBytes(length);
        return text;
    }
}
