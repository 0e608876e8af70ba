package healthcheck.reservation.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReservationTest {

    private static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");
    private static final Instant T1 = T0.plusSeconds(1);

    private static Reservation pending() {
        return Reservation.pending(7, 1, 10, "c-1", "hold-1", T0);
    }

    @Test
    void a_new_reservation_is_pending_with_its_hold_and_customer() {
        Reservation r = pending();
        assertThat(r.status()).isEqualTo(ReservationStatus.PENDING);
        assertThat(r.holdId()).isEqualTo("hold-1");
        assertThat(r.customerId()).isEqualTo("c-1");
        assertThat(r.attemptedAt()).isEqualTo(T0);
        assertThat(r.isPendingAttempt("hold-1")).isTrue();
        assertThat(r.isPendingAttempt("other")).isFalse();
    }

    @Test
    void non_positive_ids_or_counts_are_refused() {
        assertThatThrownBy(() -> Reservation.pending(0, 1, 1, null, "h", T0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Reservation.pending(1, -1, 1, null, "h", T0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Reservation.pending(1, 1, 0, null, "h", T0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pending_becomes_reserved_with_the_time() {
        Reservation r = pending();
        r.reserve(T1);
        assertThat(r.status()).isEqualTo(ReservationStatus.RESERVED);
        assertThat(r.reservedAt()).isEqualTo(T1);
        assertThat(r.isPendingAttempt("hold-1")).isFalse();
    }

    @Test
    void pending_becomes_failed_with_a_reason() {
        Reservation r = pending();
        r.fail("timeout", T1);
        assertThat(r.status()).isEqualTo(ReservationStatus.FAILED);
        assertThat(r.failedAt()).isEqualTo(T1);
        assertThat(r.failureReason()).isEqualTo("timeout");
    }

    @Test
    void reserved_is_cancelled_once_and_a_repeat_changes_nothing() {
        Reservation r = pending();
        r.reserve(T0);
        assertThat(r.cancel(T1)).isTrue();
        assertThat(r.status()).isEqualTo(ReservationStatus.CANCELLED);
        assertThat(r.cancelledAt()).isEqualTo(T1);
        assertThat(r.cancel(T1.plusSeconds(60))).isFalse();
        assertThat(r.cancelledAt()).isEqualTo(T1);
    }

    @Test
    void pending_or_failed_cannot_be_cancelled() {
        assertThatThrownBy(() -> pending().cancel(T1)).isInstanceOf(IllegalTransitionException.class);
        Reservation failed = pending();
        failed.fail("x", T1);
        assertThatThrownBy(() -> failed.cancel(T1)).isInstanceOf(IllegalTransitionException.class);
    }

    @Test
    void only_pending_can_be_reserved_or_failed() {
        Reservation reserved = pending();
        reserved.reserve(T1);
        assertThatThrownBy(() -> reserved.reserve(T1)).isInstanceOf(IllegalTransitionException.class);
        assertThatThrownBy(() -> reserved.fail("late", T1)).isInstanceOf(IllegalTransitionException.class);
        Reservation failed = pending();
        failed.fail("x", T1);
        assertThatThrownBy(() -> failed.reserve(T1)).isInstanceOf(IllegalTransitionException.class);
    }

    @Test
    void a_failed_reservation_can_be_attempted_again_under_a_new_hold() {
        Reservation r = pending();
        r.fail("down", T1);
        r.retry(2, 3, "c-2", "hold-2", T1.plusSeconds(5));
        assertThat(r.status()).isEqualTo(ReservationStatus.PENDING);
        assertThat(r.holdId()).isEqualTo("hold-2");
        assertThat(r.scheduleId()).isEqualTo(2);
        assertThat(r.reservationCount()).isEqualTo(3);
        assertThat(r.failureReason()).isNull();
        assertThat(r.createdAt()).isEqualTo(T0);
        assertThat(r.attemptedAt()).isEqualTo(T1.plusSeconds(5));
    }

    @Test
    void a_live_or_cancelled_reservation_cannot_be_attempted_again() {
        Reservation reserved = pending();
        reserved.reserve(T1);
        assertThatThrownBy(() -> reserved.retry(1, 1, null, "h2", T1)).isInstanceOf(IllegalTransitionException.class);
        assertThatThrownBy(() -> pending().retry(1, 1, null, "h2", T1)).isInstanceOf(IllegalTransitionException.class);
    }

    @Test
    void a_long_failure_reason_is_cut_to_the_column_size() {
        Reservation r = pending();
        r.fail("x".repeat(2000), T1);
        assertThat(r.failureReason()).hasSize(500);
    }
}
