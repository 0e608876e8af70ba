package healthcheck.gateway;

import healthcheck.testsupport.TestTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A plain HTTP client for the tests, so they see exactly what a curl user would. */
final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    private final String base;
    private final String token;

    /** As someone holding every role, for tests about routing rather than about who may do what. */
    Http(int port) {
        this(port, TestTokens.user("tester", "ADMIN", "OPERATOR", "CUSTOMER"));
    }

    /** With the given token, or none when null. */
    Http(int port, String token) {
        this.base = "http://localhost:" + port;
        this.token = token;
    }

    HttpResponse<String> send(String method, String path, String jsonBody) {
        HttpRequest.BodyPublisher body = jsonBody == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(jsonBody);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(20))
                .method(method, body);
        if (jsonBody != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", TestTokens.bearer(token));
        }
        return exchange(request.build());
    }

    /** With this header instead of the token, e.g. an Authorization header that is no well-formed bearer token. */
    HttpResponse<String> sendWith(String method, String path, String header, String value) {
        return exchange(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
                .method(method, HttpRequest.BodyPublishers.noBody()).header(header, value).build());
    }

    private static HttpResponse<String> exchange(HttpRequest request) {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> get(String path) {
        return send("GET", path, null);
    }

    /**
     * A GET written by hand on its own connection, with header lines Java's client refuses to send (control
     * characters, Connection, Keep-Alive...), one per line; the gateway closes the connection after answering.
     * Returns the answer as it came, status line and headers included.
     */
    static String rawGet(int port, String path, String headerLines) throws IOException {
        String lines = headerLines.replace("\r\n", "\n");
        String head = "GET " + path + " HTTP/1.1\nHost: localhost\n" + lines + (lines.endsWith("\n") ? "" : "\n")
                + "Connection: close\n\n";
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(head.replace("\n", "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
