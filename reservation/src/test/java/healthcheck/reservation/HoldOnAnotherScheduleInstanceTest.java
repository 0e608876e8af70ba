package healthcheck.reservation;

import static org.assertj.core.api.Assertions.assertThat;

import healthcheck.events.Topics;
import healthcheck.reservation.support.FakeSchedule;
import healthcheck.reservation.support.Http;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Two instances of schedule, one of them gone before the balancer noticed (its readiness checks are off here, as
 * with one URL): round robin sends about every other hold to it, and each of those is sent to the other instance
 * within the same call (the balancer's retry on a refused connection, and behind it Feign's own retryer), so every
 * customer is booked and the circuit, which judges schedule, sees no failure.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@EmbeddedKafka(partitions = 3, topics = Topics.RESERVATION)
class HoldOnAnotherScheduleInstanceTest {

    private static final FakeSchedule schedule = FakeSchedule.INSTANCE;

    @DynamicPropertySource
    static void scheduleInstances(DynamicPropertyRegistry registry) {
        registry.add("healthcheck.schedule.url", schedule::url);
        registry.add("spring.cloud.discovery.client.simple.instances.schedule[0].uri", () -> goneInstance());
        registry.add("spring.cloud.discovery.client.simple.instances.schedule[1].uri", schedule::url);
    }

    @LocalServerPort
    int port;

    @Autowired
    CircuitBreakerRegistry circuitBreakers;

    @Test
    void customersBookingAtOnceAreAllBookedThroughTheInstanceThatIsStillThere() throws Exception {
        schedule.reset();
        schedule.register(1, 1_000);
        CircuitBreaker circuit = circuitBreakers.circuitBreaker("schedule");
        int bookings = 60;

        List<Integer> statuses = new ArrayList<>();
        // concurrent calls move the balancer's one round-robin counter between a hold's two attempts
        try (ExecutorService customers = Executors.newFixedThreadPool(12)) {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < bookings; i++) {
                Http customer = new Http(port).as("customer-" + i);
                answers.add(customers.submit(
                        () -> customer.post("/reservations", "{\"scheduleId\":1,\"reservationCount\":1}").status()));
            }
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get());
            }
        }

        assertThat(statuses).containsOnly(201);
        assertThat(schedule.calls()).as("each hold reached the instance that is there once").isEqualTo(bookings);
        assertThat(schedule.availableCount(1L)).isEqualTo(1_000 - bookings);
        assertThat(circuit.getMetrics().getNumberOfFailedCalls()).isZero();
        assertThat(circuit.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    /** A port nobody listens on: connections to it are refused, as to an instance that has stopped. */
    private static String goneInstance() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
