package healthcheck.reservation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import healthcheck.events.ReservationCancelled;
import healthcheck.events.ReservationPlaced;
import healthcheck.events.Topics;
import healthcheck.reservation.support.FakeSchedule;
import healthcheck.reservation.support.ReservationTopic;
import healthcheck.reservation.support.TcpForwarder;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import healthcheck.reservation.support.Http;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Spec 2.1: bookings go on while Kafka is down, and their events wait in the outbox instead of being lost. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class KafkaUnreachableIntegrationTest {

    private static final FakeSchedule schedule = FakeSchedule.INSTANCE;

    private static int closedPort;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }
        String brokers = "127.0.0.1:" + closedPort;
        registry.add("spring.cloud.stream.kafka.binder.brokers", () -> brokers);
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:reservation-nokafka;DB_CLOSE_DELAY=-1");
        registry.add("healthcheck.schedule.url", schedule::url);
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    Http http;

    @BeforeEach
    void setUp() {
        http = new Http(port);
        schedule.reset();
        schedule.register(1, 100);
    }

    @Test
    void bookings_still_answer_201_and_their_events_are_kept_in_event_publication_until_kafka_is_back() throws IOException {
        // A cold JVM on a busy machine can miss the 250 ms budget on its very first call to schedule.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> http.post("/reservations", "{\"reservationId\":9000000,\"scheduleId\":1,\"reservationCount\":1}")
                        .status() == 201);
        long first = 9_000_001;
        long second = 9_000_002;
        assertThat(http.post("/reservations",
                "{\"reservationId\":" + first + ",\"scheduleId\":1,\"reservationCount\":2}").status()).isEqualTo(201);
        assertThat(http.post("/reservations",
                "{\"reservationId\":" + second + ",\"scheduleId\":1,\"reservationCount\":1}").status()).isEqualTo(201);
        assertThat(http.delete("/reservations/" + second).status()).isEqualTo(200);

        // Stored in the booking's own transaction, so they are there the moment the answer is.
        assertThat(jdbc.queryForList("select serialized_event from event_publication where completion_date is null",
                String.class))
                .hasSizeGreaterThanOrEqualTo(3)
                .anyMatch(e -> e.contains("\"reservationId\":" + first + ",") && e.contains("ReservationPlaced"))
                .anyMatch(e -> e.contains("\"reservationId\":" + second + ",") && e.contains("ReservationPlaced"))
                .anyMatch(e -> e.contains("\"reservationId\":" + second + ",") && e.contains("ReservationCancelled"));
        // The relay is trying and cannot deliver; none of them may be completed (deleted) meanwhile.
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250))
                .until(() -> jdbc.queryForObject(
                        "select count(*) from event_publication where completion_date is null and (serialized_event like ? or serialized_event like ?)",
                        Integer.class, "%\"reservationId\":" + first + ",%", "%\"reservationId\":" + second + ",%") == 3);
        assertThat(jdbc.queryForList("select status from event_publication", String.class))
                .allMatch(status -> !"COMPLETED".equals(status));

        // Kafka comes back on the address the service was configured with: the kept events get through.
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 3, Topics.RESERVATION);
        broker.brokerListProperty("test.late.kafka.brokers");
        broker.afterPropertiesSet();
        String[] hostPort = broker.getBrokersAsString().split(",")[0].split(":");
        try (TcpForwarder kafkaIsBack = new TcpForwarder(closedPort, hostPort[0], Integer.parseInt(hostPort[1]));
             ReservationTopic topic = new ReservationTopic(broker.getBrokersAsString())) {
            // The binder retries a failed producer binding every 30 s, and a try against a dead broker takes 60 s.
            topic.awaitEvent(first, ReservationPlaced.TYPE, Duration.ofSeconds(240));
            topic.awaitEvent(second, ReservationCancelled.TYPE, Duration.ofSeconds(60));
            // Both arrive; after an outage the platform relay does not keep one key's order (the consumers
            // are required to tolerate that), so only their presence is asserted.
            assertThat(topic.eventsFor(second)).extracting(ReservationTopic.Event::type)
                    .contains(ReservationPlaced.TYPE, ReservationCancelled.TYPE);
            await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                    "select count(*) from event_publication where serialized_event like ? or serialized_event like ?",
                    Integer.class, "%\"reservationId\":" + first + ",%", "%\"reservationId\":" + second + ",%") == 0);
        } finally {
            broker.destroy();
        }
    }

    @Test
    void readiness_stays_up_while_kafka_is_unreachable() {
        assertThat(http.get("/actuator/health/readiness").status()).isEqualTo(200);
        assertThat(http.get("/actuator/health/liveness").status()).isEqualTo(200);
    }
}
