package healthcheck.systemtests;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Issue 10.2, in the PostgreSQL round (two instances of schedule and reservation): bin/stack rollout replaces every
 * instance of each service in turn while customers book through the gateway, half of them without an
 * Idempotency-Key, so a booking that met an instance going away could not be repeated for them. No request fails,
 * and the books are whole afterwards: every 201 still there, capacity = available + held, and every booking with
 * its MyPage and its mailing.
 */
@Order(12)
class RolloutIT {

    private static final List<String> SERVICES = List.of("reservation", "schedule", "delivery", "customercenter");

    @Test
    void rollingOutEveryServiceWhileCustomersBookFailsNoRequestAndLosesNothing() throws Exception {
        assumeTrue(Stack.instances() > 1, "needs the balanced stack (the PostgreSQL round, two instances)");
        Ledger ledger = new Ledger();
        long scheduleId = ledger.newSchedule(100_000);
        BookingCrowd crowd = BookingCrowd.start(ledger, scheduleId, BookingCrowd.HALF_WITHOUT_KEYS);

        Map<String, String> rolledOut = new LinkedHashMap<>();
        try {
            Thread.sleep(2_000);
            for (String service : SERVICES) {
                long began = System.nanoTime();
                Stack.run("rollout", service);
                rolledOut.put(service, "%.1f s".formatted((System.nanoTime() - began) / 1e9));
            }
            Thread.sleep(2_000);
        } finally {
            crowd.stop();
        }

        System.out.printf("rollouts: %s; answers meanwhile: %s%n", rolledOut, crowd.answers());
        crowd.assertNoRequestFailedAndTheBooksAreWhole(ledger);
    }
}
