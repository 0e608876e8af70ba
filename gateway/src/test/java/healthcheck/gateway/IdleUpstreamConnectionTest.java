package healthcheck.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A service's server closes a kept-alive connection once it has been idle for its keep-alive time (Tomcat: 20 s). A
 * request the gateway sends on such a connection at that moment is lost before any answer: for a booking, a 502
 * that cannot safely be repeated. So the gateway drops its idle connections earlier (GATEWAY_UPSTREAM_MAX_IDLE,
 * 10 s; here 300 ms against a service that closes after 1 s) and opens a fresh one instead.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "GATEWAY_UPSTREAM_MAX_IDLE=300ms")
class IdleUpstreamConnectionTest {

    static final ExpiringKeepAliveService reservation = new ExpiringKeepAliveService(1_000);

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
    void aBookingAfterAQuietSpellGoesOutOnAFreshConnectionNotOneTheServiceIsClosing() throws InterruptedException {
        Http http = new Http(port);
        assertThat(http.send("POST", "/reservations", "{}").statusCode()).isEqualTo(201);

        Thread.sleep(1_300);

        assertThat(http.send("POST", "/reservations", "{}").statusCode()).isEqualTo(201);
        assertThat(reservation.lostOnExpiredConnection()).as("requests that met a closing connection").isZero();
        assertThat(reservation.connections()).isEqualTo(2);
    }

    /**
     * Answers 201 on kept-alive connections; a request arriving on a connection idle for longer than its keep-alive
     * time is dropped unanswered with the connection, as when the server's expiry and the request cross.
     */
    static final class ExpiringKeepAliveService implements AutoCloseable {
        private final ServerSocket server;
        private final long keepAliveMillis;
        private final AtomicInteger connections = new AtomicInteger();
        private final AtomicInteger lost = new AtomicInteger();

        ExpiringKeepAliveService(long keepAliveMillis) {
            this.keepAliveMillis = keepAliveMillis;
            try {
                server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            Thread.ofVirtual().start(this::accept);
        }

        int port() {
            return server.getLocalPort();
        }

        int connections() {
            return connections.get();
        }

        int lostOnExpiredConnection() {
            return lost.get();
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket connection = server.accept();
                    connections.incrementAndGet();
                    Thread.ofVirtual().start(() -> serve(connection));
                } catch (IOException closed) {
                    return;
                }
            }
        }

        private void serve(Socket connection) {
            try (connection) {
                BufferedReader in = new BufferedReader(
                        new InputStreamReader(connection.getInputStream(), StandardCharsets.ISO_8859_1));
                OutputStream out = connection.getOutputStream();
                long idleSince = System.nanoTime();
                String line;
                while ((line = in.readLine()) != null) {
                    int length = 0;
                    for (; !line.isEmpty(); line = in.readLine()) {
                        if (line.regionMatches(true, 0, "content-length:", 0, 15)) {
                            length = Integer.parseInt(line.substring(15).trim());
                        }
                    }
                    in.skip(length);
                    if (System.nanoTime() - idleSince > keepAliveMillis * 1_000_000) {
                        lost.incrementAndGet();
                        return;
                    }
                    out.write(("HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}")
                            .getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    idleSince = System.nanoTime();
                }
            } catch (IOException gone) {
                // the gateway closed the connection
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
