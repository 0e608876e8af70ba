package healthcheck.systemtests;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Issue 10.3, against the containers docker-compose.yml runs (bin/images verify, -De2e.containers=true): while
 * customers book through the published gateway, half of them without an Idempotency-Key, bin/images replace puts a
 * new reservation container in, healthy, then drains and removes the old one. No request fails, and the books are
 * whole: every 201 still there, capacity = available + held, every booking with its MyPage and its mailing.
 */
@Order(13)
@EnabledIfSystemProperty(named = "e2e.containers", matches = "true", disabledReason = "run by bin/images verify")
class ContainersIT {

    @Test
    void replacingTheReservationContainerWhileCustomersBookFailsNoRequestAndLosesNothing() throws Exception {
        Ledger ledger = new Ledger();
        long scheduleId = ledger.newSchedule(100_000);
        BookingCrowd crowd = BookingCrowd.start(ledger, scheduleId, BookingCrowd.HALF_WITHOUT_KEYS);
        long replacing;
        try {
            Thread.sleep(3_000);
            long began = System.nanoTime();
            Stack.images("replace", "reservation");
            replacing = System.nanoTime() - began;
            Thread.sleep(3_000);
        } finally {
            crowd.stop();
        }
        System.out.printf("reservation replaced in %.1f s; answers meanwhile: %s%n", replacing / 1e9, crowd.answers());
        crowd.assertNoRequestFailedAndTheBooksAreWhole(ledger);
    }
}
