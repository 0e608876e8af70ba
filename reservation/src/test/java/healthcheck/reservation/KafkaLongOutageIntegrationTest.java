package healthcheck.reservation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import healthcheck.events.ReservationPlaced;
import healthcheck.events.Topics;
import healthcheck.reservation.support.FakeSchedule;
import healthcheck.reservation.support.Http;
import healthcheck.reservation.support.ReservationTopic;
import healthcheck.reservation.support.TcpForwarder;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Kafka down for longer than the binder waits when it first binds the producer (the binding fails and the binder
 * retries it every 30 s): the events kept meanwhile must still reach Kafka once it is back.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class KafkaLongOutageIntegrationTest {

    private static final FakeSchedule schedule = FakeSchedule.INSTANCE;
    private static int closedPort;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }
        registry.add("spring.cloud.stream.kafka.binder.brokers", () -> "127.0.0.1:" + closedPort);
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:reservation-long-outage;DB_CLOSE_DELAY=-1");
        registry.add("healthcheck.schedule.url", schedule::url);
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void events_kept_through_a_long_kafka_outage_are_delivered_once_it_is_back() throws IOException {
        schedule.reset();
        schedule.register(1, 100);
        Http http = new Http(port);
        long id = 9_100_001;
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> http.post("/reservations",
                        "{\"reservationId\":" + id + ",\"scheduleId\":1,\"reservationCount\":1}").status(),
                        status -> status == 201 || status == 409);

        // The relay gave up on this outage (the first producer binding failed): the event is FAILED, not lost.
        await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofSeconds(1)).until(() -> jdbc.queryForObject(
                "select count(*) from event_publication where status = 'FAILED' and serialized_event like ?",
                Integer.class, "%\"reservationId\":" + id + ",%") == 1);

        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 3, Topics.RESERVATION);
        broker.brokerListProperty("test.long-outage.kafka.brokers");
        broker.afterPropertiesSet();
        String[] hostPort = broker.getBrokersAsString().split(",")[0].split(":");
        try (TcpForwarder kafkaIsBack = new TcpForwarder(closedPort, hostPort[0], Integer.parseInt(hostPort[1]));
             ReservationTopic topic = new ReservationTopic(broker.getBrokersAsString())) {
            topic.awaitEvent(id, ReservationPlaced.TYPE, Duration.ofSeconds(240));
            await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                    "select count(*) from event_publication where serialized_event like ?", Integer.class,
                    "%\"reservationId\":" + id + ",%") == 0);
            assertThat(topic.eventsFor(id)).extracting(ReservationTopic.Event::type).containsOnlyOnce(ReservationPlaced.TYPE);
        } finally {
            broker.destroy();
        }
    }
}
