package healthcheck.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
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
    void withKafkaStoppedBookingsAndCancelsAreAcceptedAndEverythingConvergesOnceItIsBack() {
        Ledger ledger = new Ledger();
        long scheduleId = ledger.newSchedule(20);
        long kept = Api.newId();
        long cancelled = Api.newId();

        Stack.stop("kafka");
        ledger.attempted(scheduleId, kept, 3);
        ledger.attempted(scheduleId, cancelled, 4);
        assertThat(Api.bookRetryingWhenToldTo(kept, scheduleId, 3, Api.ALICE).status()).isEqualTo(201);
        assertThat(Api.bookRetryingWhenToldTo(cancelled, scheduleId, 4, Api.ALICE).status()).isEqualTo(201);
        assertThat(Api.delete("/reservations/" + cancelled).status()).isEqualTo(200);
        assertThat(Api.availableCount(scheduleId)).as("places are taken synchronously, Kafka or not").isEqualTo(13);

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
    }
}
