package healthcheck.reservation.domain;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doNothing;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

import healthcheck.platform.outbox.EventOutbox;
import healthcheck.reservation.domain.ScheduleHolds.InsufficientCapacityException;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Where a booking waits for the consumers' pace: only once it is about to take places. A customer schedule was
 * already seen full for is answered without waiting (that answer makes no events); a booking turned away while it
 * waits has written nothing.
 */
class BookingsPaceTest {

    private static final NewReservation REQUEST = new NewReservation(null, 1, 1, "c-1");

    private final ReservationRepository reservations = mock(ReservationRepository.class);
    private final ReservationIds ids = mock(ReservationIds.class);
    private final ScheduleHolds schedule = mock(ScheduleHolds.class);
    private final EventOutbox outbox = mock(EventOutbox.class);
    private final BookingPace pace = mock(BookingPace.class);
    private final Bookings bookings = new Bookings(reservations,
            mock(IdempotencyKeyRepository.class), ids, schedule, outbox, pace,
            mock(PlatformTransactionManager.class), Clock.systemUTC());

    @Test
    void aCustomerScheduleWasSeenFullForIsAnsweredWithoutWaitingForATurn() {
        doThrow(new InsufficientCapacityException(1, 0)).when(schedule).refuseIfSeenFull(anyLong(), anyInt(),
                anyLong());

        assertThatThrownBy(() -> bookings.book(REQUEST, null, System.nanoTime()))
                .isInstanceOf(InsufficientCapacityException.class);
        verifyNoInteractions(pace);
    }

    @Test
    void aBookingTurnedAwayWhileItWaitsForItsTurnHasWrittenNothing() {
        doThrow(new IllegalStateException("no turn within the limiter's wait")).when(pace).awaitTurn();

        assertThatThrownBy(() -> bookings.book(REQUEST, null, System.nanoTime()))
                .isInstanceOf(IllegalStateException.class);
        verifyNoInteractions(reservations, ids, outbox);
        verify(schedule, never()).take(anyLong(), anyString(), anyLong(), anyInt());
    }

    @Test
    void scheduleSeenFullWhileTheBookingWaitedItsTurnIsAnsweredWithoutTakingAnything() {
        doNothing().doThrow(new InsufficientCapacityException(1, 0)).when(schedule).refuseIfSeenFull(anyLong(),
                anyInt(), anyLong());

        assertThatThrownBy(() -> bookings.book(REQUEST, null, System.nanoTime()))
                .isInstanceOf(InsufficientCapacityException.class);
        verify(pace).awaitTurn();
        verifyNoInteractions(reservations, ids, outbox);
        verify(schedule, never()).take(anyLong(), anyString(), anyLong(), anyInt());
    }
}
