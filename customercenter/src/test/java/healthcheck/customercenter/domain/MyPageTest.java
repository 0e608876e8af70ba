package healthcheck.customercenter.domain;

import static org.assertj.core.api.Assertions.assertThat;

import healthcheck.events.DeliveryStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MyPageTest {

    private static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");

    private static Instant at(int seconds) {
        return T0.plusSeconds(seconds);
    }

    @Test
    void placedBookingShowsReservedWithItsDetails() {
        MyPage page = MyPage.startFor(1);

        HistoryEntry step = page.bookingPlaced(7, 10, "c-1", at(0));

        assertThat(page.isBookingKnown()).isTrue();
        assertThat(page.reservationStatus()).isEqualTo(ReservationStatus.RESERVED);
        assertThat(page.scheduleId()).isEqualTo(7L);
        assertThat(page.reservationCount()).isEqualTo(10);
        assertThat(page.customerId()).isEqualTo("c-1");
        assertThat(step).isEqualTo(new HistoryEntry(Step.RESERVED, at(0)));
    }

    @Test
    void mailingEventBeforeItsBookingKeepsThePageHiddenThenMerges() {
        MyPage page = MyPage.startFor(1);

        page.mailingChanged(5, DeliveryStatus.REQUESTED, 1, at(1));
        assertThat(page.isBookingKnown()).isFalse();

        page.bookingPlaced(7, 10, "c-1", at(0));

        assertThat(page.isBookingKnown()).isTrue();
        assertThat(page.reservationStatus()).isEqualTo(ReservationStatus.RESERVED);
        assertThat(page.deliveryId()).isEqualTo(5L);
        assertThat(page.deliveryStatus()).isEqualTo(DeliveryStatus.REQUESTED);
    }

    @Test
    void olderMailingSequenceNeverOverwritesANewerStatusButJoinsTheHistory() {
        MyPage page = MyPage.startFor(1);
        page.bookingPlaced(7, 10, "c-1", at(0));
        page.mailingChanged(5, DeliveryStatus.REQUESTED, 1, at(1));

        page.mailingChanged(5, DeliveryStatus.SHIPPED, 3, at(3));
        HistoryEntry stale = page.mailingChanged(5, DeliveryStatus.STARTED, 2, at(2));

        assertThat(page.deliveryStatus()).isEqualTo(DeliveryStatus.SHIPPED);
        assertThat(page.deliverySequence()).isEqualTo(3);
        assertThat(stale).isEqualTo(new HistoryEntry(Step.MAILING_STARTED, at(2)));
    }

    @Test
    void cancelledBookingNeverGoesBackToReservedWhenItsPlacementArrivesLate() {
        MyPage page = MyPage.startFor(1);

        page.bookingCancelled(7, 10, "c-1", at(5));
        HistoryEntry latePlacement = page.bookingPlaced(7, 10, "c-1", at(0));

        assertThat(page.reservationStatus()).isEqualTo(ReservationStatus.CANCELLED);
        assertThat(latePlacement).isEqualTo(new HistoryEntry(Step.RESERVED, at(0)));
    }

    @Test
    void cancellingAfterTheMailingWasDeliveredLeavesANote() {
        MyPage page = MyPage.startFor(1);
        page.bookingPlaced(7, 10, "c-1", at(0));
        page.mailingChanged(5, DeliveryStatus.DELIVERED, 4, at(4));

        page.bookingCancelled(7, 10, "c-1", at(5));

        assertThat(page.reservationStatus()).isEqualTo(ReservationStatus.CANCELLED);
        assertThat(page.deliveryStatus()).isEqualTo(DeliveryStatus.DELIVERED);
        assertThat(page.note()).isEqualTo(MyPage.DELIVERED_BEFORE_CANCEL_NOTE);
    }

    @Test
    void deliveredMailingArrivingAfterTheCancellationStillLeavesTheNote() {
        MyPage page = MyPage.startFor(1);
        page.bookingPlaced(7, 10, "c-1", at(0));
        page.bookingCancelled(7, 10, "c-1", at(5));

        page.mailingChanged(5, DeliveryStatus.DELIVERED, 4, at(4));

        assertThat(page.note()).isEqualTo(MyPage.DELIVERED_BEFORE_CANCEL_NOTE);
    }

    @Test
    void cancellingAnUndeliveredMailingLeavesNoNote() {
        MyPage page = MyPage.startFor(1);
        page.bookingPlaced(7, 10, "c-1", at(0));
        page.mailingChanged(5, DeliveryStatus.REQUESTED, 1, at(1));

        page.bookingCancelled(7, 10, "c-1", at(5));
        page.mailingChanged(5, DeliveryStatus.CANCELLED, 2, at(6));

        assertThat(page.deliveryStatus()).isEqualTo(DeliveryStatus.CANCELLED);
        assertThat(page.note()).isNull();
    }

    @Test
    void applyingTheSameEventTwiceLeavesThePageAsOnce() {
        MyPage page = MyPage.startFor(1);

        page.bookingPlaced(7, 10, "c-1", at(0));
        page.bookingPlaced(7, 10, "c-1", at(0));
        page.mailingChanged(5, DeliveryStatus.REQUESTED, 1, at(1));
        page.mailingChanged(5, DeliveryStatus.REQUESTED, 1, at(1));

        assertThat(page.reservationStatus()).isEqualTo(ReservationStatus.RESERVED);
        assertThat(page.deliveryStatus()).isEqualTo(DeliveryStatus.REQUESTED);
        assertThat(page.deliverySequence()).isEqualTo(1);
    }

    @Test
    void aHistoryReadsInTheOrderItHappenedWhateverOrderItsStepsCameIn() {
        MyPage page = MyPage.startFor(1);
        HistoryEntry cancelled = page.bookingCancelled(7, 10, "c-1", at(5));
        HistoryEntry requested = page.mailingChanged(5, DeliveryStatus.REQUESTED, 1, at(1));
        HistoryEntry placed = page.bookingPlaced(7, 10, "c-1", at(0));

        assertThat(new MyPageView(page, null, List.of(cancelled, requested, placed)).history())
                .containsExactly(placed, requested, cancelled);
    }

    @Test
    void stepsStampedInTheSameInstantFollowTheBookingLifecycle() {
        MyPage page = MyPage.startFor(1);

        HistoryEntry requested = page.mailingChanged(5, DeliveryStatus.REQUESTED, 1, at(0));
        HistoryEntry placed = page.bookingPlaced(7, 10, null, at(0));

        assertThat(new MyPageView(page, null, List.of(requested, placed)).history())
                .extracting(HistoryEntry::step).containsExactly(Step.RESERVED, Step.MAILING_REQUESTED);
    }

    @Test
    void aLaterEventWithoutCustomerKeepsTheKnownCustomer() {
        MyPage page = MyPage.startFor(1);
        page.bookingPlaced(7, 10, "c-1", at(0));

        page.bookingCancelled(7, 10, null, at(5));

        assertThat(page.customerId()).isEqualTo("c-1");
    }
}
