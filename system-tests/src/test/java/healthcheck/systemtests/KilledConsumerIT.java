package healthcheck.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A consumer killed with SIGKILL leaves its Kafka group without saying so: its partitions stay with the dead member
 * until the member's session expires, and the service started again cannot take them before. With Kafka's default
 * 45 s session, delivery and customercenter were ready again in 6-7 s and then idle for another 37 s while mailings
 * and MyPages waited; the services' 10 s session (healthcheck-defaults.yml) puts them back to work within seconds.
 * The books are checked after each kill: the booking's MyPage and its one mailing, and the schedule's capacity.
 */
@Order(6)
class KilledConsumerIT {

    /** What is left of the dead member's 10 s session after the restart, plus the rebalance and the work. */
    private static final Duration BACK_AT_WORK_WITHIN = Duration.ofSeconds(15);

    @ParameterizedTest
    @ValueSource(strings = {"delivery", "customercenter"})
    void aConsumerKilledAndStartedAgainIsBackAtWorkWithinSecondsOfBeingReady(String consumer) {
        Ledger ledger = new Ledger();
        long scheduleId = ledger.newSchedule(10);

        Stack.kill(consumer);
        Stack.start(consumer);
        long ready = System.nanoTime();
        long reservationId = Api.newId();
        ledger.attempted(scheduleId, reservationId, 1);
        assertThat(Api.bookRetryingWhenToldTo(reservationId, scheduleId, 1, Api.ALICE).status()).isEqualTo(201);

        await().alias(consumer + " at work again").atMost(BACK_AT_WORK_WITHIN).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(200)).until(() -> workedOff(consumer, reservationId));
        System.out.printf("%s killed and started again: the next booking worked off %d ms after it was ready%n",
                consumer, (System.nanoTime() - ready) / 1_000_000);
        // the one booking read by its id: the customers' lists hold every booking the other drills made
        await().alias("the booking's MyPage and its one mailing").atMost(BACK_AT_WORK_WITHIN).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(200)).until(() -> workedOff("delivery", reservationId)
                        && workedOff("customercenter", reservationId));
        ledger.assertCapacityConservedOnceQuiet();
    }

    /** The booking's one mailing is requested (delivery), or its MyPage shows it reserved (customercenter). */
    private static boolean workedOff(String consumer, long reservationId) {
        if (consumer.equals("delivery")) {
            Api.Response mailings = Api.get("/deliveries?reservationId=" + reservationId);
            return mailings.status() == 200 && mailings.body().path("content").size() == 1
                    && mailings.body().path("content").get(0).path("status").asString().equals("REQUESTED");
        }
        Api.Response page = Api.get("/myPages/" + reservationId);
        return page.status() == 200 && page.body().path("reservationStatus").asString().equals("RESERVED");
    }
}
