package healthcheck.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Spec 2.1 with the broker itself down: bookings and cancels are accepted, their events wait in each service's
 * outbox, and once Kafka is back everything converges: mailings, MyPage and the places given back.
 */
@Order(5)
class KafkaOutageIT {

    @AfterAll
    static void kafkaIsBack() {
        Stack.start("kafka");
    }

    @Test
    void withKafkaStoppedBookingsAndCancelsAreAcceptedAndEverythingConvergesOnceItIsBack() throws IOException {
        Ledger ledger = new Ledger();
        long scheduleId = ledger.newSchedule(20);
        long kept = Api.newId();
        long cancelled = Api.newId();

        Stack.LogMark reservationLog = Stack.markLogs("reservation");
        Stack.stop("kafka");
        ledger.attempted(scheduleId, kept, 3);
        ledger.attempted(scheduleId, cancelled, 4);
        assertThat(Api.bookRetryingWhenToldTo(kept, scheduleId, 3, Api.ALICE).status()).isEqualTo(201);
        assertThat(Api.bookRetryingWhenToldTo(cancelled, scheduleId, 4, Api.ALICE).status()).isEqualTo(201);
        assertThat(Api.delete("/reservations/" + cancelled).status()).isEqualTo(200);
        assertThat(Api.availableCount(scheduleId)).as("places are taken synchronously, Kafka or not").isEqualTo(13);

        // the outbox's first sends fail while Kafka is away (whether or not the binder had connected before)
        await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofSeconds(1)).until(() ->
                reservationLog.linesSince().stream().anyMatch(line -> line.contains("was not sent to Kafka")));

        Stack.start("kafka");
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(Api.availableCount(scheduleId)).isEqualTo(17));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(Api.get("/myPages/" + kept).body().path("deliveryStatus").asString()).isEqualTo("REQUESTED");
            assertThat(Api.get("/myPages/" + cancelled).body().path("reservationStatus").asString())
                    .isEqualTo("CANCELLED");
        });
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            var mailings = Api.all("/deliveries?reservationId=" + cancelled);
            for (var mailing : mailings) {
                assertThat(mailing.get("status").asString()).isEqualTo("CANCELLED");
            }
        });
        ledger.assertCapacityConservedOnceQuiet();

        // Failed sends lose nothing, so they are warnings that name the event (outbox/RelayFailureLog), not an ERROR
        // with a stack trace per send and per resend, which is what Spring's defaults logged: thousands in a minute.
        // The one error left is the binder's, when its first send comes during the outage: it cannot create the
        // producer binding and says so every 5 s until Kafka is back, as it would for any binding it cannot create.
        List<String> logged = reservationLog.linesSince();
        assertThat(logged).as("reservation's log during and after the outage")
                .anyMatch(line -> line.contains(" WARN ") && line.contains("stays in the outbox and is sent again"))
                .noneMatch(line -> line.contains(" ERROR ") && !line.contains("Failed to create producer binding"));
    }
}
