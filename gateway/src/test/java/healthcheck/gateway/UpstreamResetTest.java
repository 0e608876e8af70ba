package healthcheck.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A service that dies while answering (a SIGKILL, found by the crash drill) resets the connection after taking the
 * request. That is the service's failure, not the gateway's: a 502 problem, never a 500 "the gateway failed".
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class UpstreamResetTest {

    static final ResettingService reservation = new ResettingService();

    static final JsonMapper json = JsonMapper.builder().build();

    @DynamicPropertySource
    static void downstreams(DynamicPropertyRegistry registry) {
        StubService.onlyReservationAt(registry, reservation::port);
    }

    @AfterAll
    static void stop() throws IOException {
        reservation.close();
    }

    @LocalServerPort
    int port;

    @Test
    void aServiceResettingTheConnectionAfterTheRequestIsA502ProblemNotA500() {
        HttpResponse<String> response = new Http(port).send("POST", "/reservations",
                "{\"scheduleId\":1,\"reservationCount\":1}");

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.get("title").asString()).isEqualTo("Bad gateway");
        assertThat(problem.get("code").asString()).isEqualTo("SERVICE_CONNECTION_LOST");
        assertThat(problem.get("service").asString()).isEqualTo("reservation");
        assertThat(reservation.requestsTaken()).as("a POST is not sent again").isEqualTo(1);
    }

    /** Reads each request, then closes with SO_LINGER 0: the peer sees "connection reset", as from a killed process. */
    static final class ResettingService implements AutoCloseable {
        private final ServerSocket server;
        private volatile int requestsTaken;

        ResettingService() {
            try {
                server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            Thread.ofVirtual().start(this::serve);
        }

        int port() {
            return server.getLocalPort();
        }

        int requestsTaken() {
            return requestsTaken;
        }

        private void serve() {
            while (!server.isClosed()) {
                try (Socket connection = server.accept()) {
                    InputStream in = connection.getInputStream();
                    in.read(new byte[8192]); // the request line, headers and (small) body arrive in one read
                    requestsTaken++;
                    Thread.sleep(200); // the gateway is waiting for the answer, as for a booking in progress
                    connection.setSoLinger(true, 0);
                } catch (IOException closed) {
                    // the server socket was closed at the end of the test
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
