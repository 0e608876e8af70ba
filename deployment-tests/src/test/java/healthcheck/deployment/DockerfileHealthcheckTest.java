package healthcheck.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The image's HEALTHCHECK command, run by bash as Docker runs it, against small servers that answer the way a
 * service might: only a 200 status line makes it pass, and it gives up on its own before Docker's timeout.
 * (ImageStartupTest runs it against a real service.)
 */
class DockerfileHealthcheckTest {

    private static final Pattern TIMEOUT = Pattern.compile("--timeout=(\\d+)s");

    @BeforeAll
    static void bashIsThere() {
        if (!HostCommand.run(List.of("bash", "-c", "exit 0"), Map.of(), Duration.ofSeconds(10)).succeeded()) {
            AbsentToolPolicy.skipOrFail("bash is not installed; the image's health check is a bash command");
        }
    }

    /** The HEALTHCHECK's command, pointed at the given port instead of the container's. */
    static List<String> command(int port) {
        DockerfileModel dockerfile = DockerfileModel.read();
        String arguments = dockerfile.finalStage().last("HEALTHCHECK").orElseThrow().arguments();
        int cmd = arguments.indexOf("CMD ");
        List<String> command = DockerfileModel.execArray(arguments.substring(cmd + "CMD ".length()));
        String containerTarget = "/dev/tcp/127.0.0.1/" + exposedPort(dockerfile) + " ";
        assertThat(command.getLast()).as("the probe's address").containsOnlyOnce(containerTarget);
        return List.of(command.get(0), command.get(1),
                command.getLast().replace(containerTarget, "/dev/tcp/127.0.0.1/" + port + " "));
    }

    static HostCommand.Result probe(int port) {
        return HostCommand.run(command(port), Map.of(), Duration.ofSeconds(30));
    }

    static int exposedPort(DockerfileModel dockerfile) {
        return Integer.parseInt(dockerfile.finalStage().last("EXPOSE").orElseThrow().arguments()
                .replace("/tcp", "").strip());
    }

    @ParameterizedTest
    @ValueSource(strings = {"HTTP/1.1 200 ", "HTTP/1.1 200 OK", "HTTP/1.0 200 OK"})
    void passesOnA200FromTomcatOrNetty(String statusLine) throws Exception {
        try (StubServer server = StubServer.answering(statusLine)) {
            assertThat(probe(server.port()).exitCode()).as(statusLine).isZero();
            assertThat(server.requestLine()).isEqualTo(
                    "GET " + ServiceConfig.of("schedule").readinessPath() + " HTTP/1.0");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"HTTP/1.1 503 ", "HTTP/1.1 503 Service Unavailable", "HTTP/1.1 404 ",
            "HTTP/1.1 301 Moved Permanently", "HTTP/1.1 2000 ", "garbage"})
    void failsOnAnythingButA200(String statusLine) throws Exception {
        try (StubServer server = StubServer.answering(statusLine)) {
            assertThat(probe(server.port()).exitCode()).as(statusLine).isNotZero();
        }
    }

    @Test
    void failsWhenNothingListens() throws IOException {
        assertThat(probe(ImageRehearsal.freePort()).exitCode()).isNotZero();
    }

    @Test
    void givesUpOnASilentServiceBeforeDockerStopsWaiting() throws Exception {
        String arguments = DockerfileModel.read().finalStage().last("HEALTHCHECK").orElseThrow().arguments();
        Matcher timeout = TIMEOUT.matcher(arguments);
        assertThat(timeout.find()).as("HEALTHCHECK --timeout").isTrue();
        try (StubServer server = StubServer.silent()) {
            long started = System.nanoTime();
            HostCommand.Result result = probe(server.port());
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertThat(result.exitCode()).isNotZero();
            assertThat(took).isLessThan(Duration.ofSeconds(Long.parseLong(timeout.group(1))));
        }
    }

    @Test
    void probesTheReadinessPathOfEveryServiceOnItsContainerPort() {
        DockerfileModel dockerfile = DockerfileModel.read();
        String probe = command(exposedPort(dockerfile)).getLast();
        for (String service : ServiceConfig.SERVICES) {
            ServiceConfig config = ServiceConfig.of(service);
            assertThat(probe).as(service).contains("/dev/tcp/127.0.0.1/" + config.containerPort() + " ")
                    .contains("GET " + config.readinessPath() + " HTTP/");
        }
    }

    /** One connection: records the request line, answers with a status line (or never), closes. */
    private static final class StubServer implements AutoCloseable {

        private final ServerSocket socket;
        private final CompletableFuture<String> requestLine = new CompletableFuture<>();
        private final CountDownLatch closed = new CountDownLatch(1);

        private StubServer(String statusLine) throws IOException {
            socket = new ServerSocket(0);
            Thread.ofVirtual().start(() -> serve(statusLine));
        }

        static StubServer answering(String statusLine) throws IOException {
            return new StubServer(statusLine);
        }

        static StubServer silent() throws IOException {
            return new StubServer(null);
        }

        int port() {
            return socket.getLocalPort();
        }

        String requestLine() throws Exception {
            return requestLine.get();
        }

        private void serve(String statusLine) {
            try (Socket connection = socket.accept()) {
                BufferedReader reader = new BufferedReader(
                        new InputStreamReader(connection.getInputStream(), StandardCharsets.ISO_8859_1));
                requestLine.complete(reader.readLine());
                for (String header = reader.readLine(); header != null && !header.isEmpty(); ) {
                    header = reader.readLine();
                }
                if (statusLine == null) {
                    closed.await(30, TimeUnit.SECONDS);
                    return;
                }
                OutputStream out = connection.getOutputStream();
                out.write((statusLine + "\r\nContent-Type: application/json\r\nContent-Length: 15\r\n\r\n"
                        + "{\"status\":\"UP\"}").getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            } catch (IOException | InterruptedException closed) {
                requestLine.completeExceptionally(closed);
            }
        }

        @Override
        public void close() throws IOException {
            closed.countDown();
            socket.close();
        }
    }
}
