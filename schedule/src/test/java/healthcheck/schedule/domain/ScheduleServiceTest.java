package healthcheck.schedule.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import healthcheck.events.ScheduleRegistered;
import healthcheck.platform.outbox.EventOutbox;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.transaction.PlatformTransactionManager;

/** The hold/release transitions, with the repositories' conditional updates stubbed to each possible answer. */
class ScheduleServiceTest {

    private static final String HOLD_ID = UUID.randomUUID().toString();

    private final ScheduleRepository schedules = mock(ScheduleRepository.class);
    private final HoldRepository holds = mock(HoldRepository.class);
    private final EventOutbox outbox = mock(EventOutbox.class);
    private final HoldTaker taker = mock(HoldTaker.class);
    private final ScheduleService service =
            new ScheduleService(schedules, holds, taker, outbox, mock(PlatformTransactionManager.class));

    private void scheduleWith(long id, int capacity, int available) {
        // availableCount only ever moves in the database, so the stub sets what a reload would show
        Schedule schedule = withAvailable(Schedule.register(id, capacity, null, null, null, null, Instant.now()),
                available);
        when(schedules.existsById(id)).thenReturn(true);
        when(schedules.findById(id)).thenReturn(Optional.of(schedule));
    }

    private static Schedule withAvailable(Schedule schedule, int available) {
        try {
            var field = Schedule.class.getDeclaredField("availableCount");
            field.setAccessible(true);
            field.setInt(schedule, available);
            return schedule;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void registeringPublishesScheduleRegisteredInTheSameTransaction() {
        when(schedules.save(any(Schedule.class))).thenAnswer(i -> i.getArgument(0));

        service.register(5, 20, null, null, "Seoul Central", "basic");

        verify(outbox).publish(any(ScheduleRegistered.class));
    }

    @Test
    void registeringAnExistingIdIsRefusedAndPublishesNothing() {
        scheduleWith(5, 20, 20);

        assertThatExceptionOfType(DuplicateScheduleException.class)
                .isThrownBy(() -> service.register(5, 20, null, null, null, null));
        verify(schedules, never()).save(any());
        verify(outbox, never()).publish(any());
    }

    @Test
    void theSameKeyAndRequestAgainAnswerTheScheduleItRegisteredAndPublishNothing() {
        Schedule earlier = Schedule.register(6, 20, null, null, "Seoul Central", "basic", Instant.now(), "key-6");
        when(schedules.findById(6L)).thenReturn(Optional.of(earlier));

        assertThat(service.register(6, 20, null, null, "Seoul Central", "basic", "key-6")).isSameAs(earlier);
        verify(schedules, never()).save(any());
        verify(outbox, never()).publish(any());
    }

    @Test
    void theSameKeyWithAnotherRequestIsRefusedAsReused() {
        Schedule earlier = Schedule.register(7, 20, null, null, null, null, Instant.now(), "key-7");
        when(schedules.findById(7L)).thenReturn(Optional.of(earlier));
        when(schedules.findByIdempotencyKey("key-7")).thenReturn(Optional.of(earlier));

        assertThatExceptionOfType(IdempotencyKeyReusedException.class)
                .isThrownBy(() -> service.register(7, 30, null, null, null, null, "key-7"));
        assertThatExceptionOfType(IdempotencyKeyReusedException.class)
                .as("another scheduleId under the same key")
                .isThrownBy(() -> service.register(8, 20, null, null, null, null, "key-7"));
        verify(schedules, never()).save(any());
    }

    @Test
    void anExistingIdRegisteredUnderAnotherKeyIsStillADuplicate() {
        Schedule earlier = Schedule.register(9, 20, null, null, null, null, Instant.now(), "key-9");
        when(schedules.findById(9L)).thenReturn(Optional.of(earlier));

        assertThatExceptionOfType(DuplicateScheduleException.class)
                .isThrownBy(() -> service.register(9, 20, null, null, null, null, "another-key"));
    }

    @Test
    void aTakeOnAnUnknownScheduleIsNotFoundAndRecordsNoHold() {
        assertThatExceptionOfType(ScheduleNotFoundException.class)
                .isThrownBy(() -> service.hold(9, HOLD_ID, 1, 1));
        verify(holds, never()).save(any());
    }

    @Test
    void aTakeThatFitsHoldsThePlacesAndReportsWhatIsLeft() {
        when(taker.take(any(Hold.class))).thenReturn(OptionalInt.of(6));

        HoldResult result = service.hold(1, HOLD_ID, 7, 4);

        assertThat(result.created()).isTrue();
        assertThat(result.hold().status()).isEqualTo(HoldStatus.HELD);
        assertThat(result.hold().count()).isEqualTo(4);
        assertThat(result.availableCount()).isEqualTo(6);
    }

    @Test
    void aTakeBeyondTheAvailablePlacesIsRefusedWithTheCountLeft() {
        scheduleWith(1, 10, 3);
        when(taker.take(any(Hold.class))).thenReturn(OptionalInt.empty());

        assertThatExceptionOfType(InsufficientCapacityException.class)
                .isThrownBy(() -> service.hold(1, HOLD_ID, 7, 4))
                .satisfies(e -> assertThat(e.availableCount()).isEqualTo(3))
                .withMessage("Only 3 places left on schedule 1");
    }

    @Test
    void aTakeOnAnUnknownScheduleIsNotFound() {
        when(taker.take(any(Hold.class))).thenReturn(OptionalInt.empty());

        assertThatExceptionOfType(ScheduleNotFoundException.class).isThrownBy(() -> service.hold(1, HOLD_ID, 7, 4));
    }

    @Test
    void aRetriedTakeAnswersTheFirstHoldWithoutTakingAgain() {
        scheduleWith(1, 10, 6);
        when(taker.take(any(Hold.class))).thenThrow(new DuplicateKeyException("place_hold_pkey"));
        when(holds.findById(HOLD_ID)).thenReturn(Optional.of(Hold.held(HOLD_ID, 1, 7, 4, Instant.now())));

        HoldResult result = service.hold(1, HOLD_ID, 7, 4);

        assertThat(result.created()).isFalse();
        assertThat(result.availableCount()).isEqualTo(6);
        verify(taker, times(1)).take(any(Hold.class));
    }

    @Test
    void aRetriedTakeAnswersTheFirstHoldEvenOnceThePlacesAreGone() {
        scheduleWith(1, 10, 0);
        when(taker.take(any(Hold.class))).thenReturn(OptionalInt.empty());
        when(holds.findById(HOLD_ID)).thenReturn(Optional.of(Hold.held(HOLD_ID, 1, 7, 4, Instant.now())));

        assertThat(service.hold(1, HOLD_ID, 7, 4).created()).isFalse();
    }

    @Test
    void aTakeOfAReleasedHoldIsRefused() {
        scheduleWith(1, 10, 10);
        when(taker.take(any(Hold.class))).thenThrow(new DuplicateKeyException("place_hold_pkey"));
        when(holds.findById(HOLD_ID)).thenReturn(Optional.of(Hold.tombstone(HOLD_ID, 1, 7, 4, Instant.now())));

        assertThatExceptionOfType(HoldReleasedException.class).isThrownBy(() -> service.hold(1, HOLD_ID, 7, 4));
    }

    @Test
    void aHoldIdReusedForSomethingElseIsAConflict() {
        scheduleWith(1, 10, 6);
        when(taker.take(any(Hold.class))).thenThrow(new DuplicateKeyException("place_hold_pkey"));
        when(holds.findById(HOLD_ID)).thenReturn(Optional.of(Hold.held(HOLD_ID, 1, 7, 4, Instant.now())));

        assertThatExceptionOfType(HoldConflictException.class).isThrownBy(() -> service.hold(1, HOLD_ID, 7, 5));
    }

    @Test
    void releasingAHeldHoldGivesItsOwnCountBackToItsOwnSchedule() {
        when(holds.release(eq(HOLD_ID), eq(7L), any())).thenReturn(1);
        when(holds.findById(HOLD_ID)).thenReturn(Optional.of(Hold.held(HOLD_ID, 1, 7, 4, Instant.now())));
        when(schedules.giveBack(1, 4)).thenReturn(1);

        // the event's own numbers are deliberately different: the hold is what was actually taken
        assertThat(service.release(HOLD_ID, 99, 7, 40)).isEqualTo(ReleaseOutcome.RELEASED);
        verify(schedules).giveBack(1, 4);
    }

    @Test
    void releasingAnAlreadyReleasedHoldChangesNothing() {
        when(holds.release(eq(HOLD_ID), eq(7L), any())).thenReturn(0);
        when(holds.findById(HOLD_ID)).thenReturn(Optional.of(Hold.tombstone(HOLD_ID, 1, 7, 4, Instant.now())));

        assertThat(service.release(HOLD_ID, 1, 7, 4)).isEqualTo(ReleaseOutcome.ALREADY_RELEASED);
        verify(schedules, never()).giveBack(anyLong(), anyInt());
        verify(holds, never()).save(any());
    }

    @Test
    void releasingAHoldNotTakenYetLeavesATombstoneAndGivesNothingBack() {
        when(holds.release(eq(HOLD_ID), eq(7L), any())).thenReturn(0);
        when(holds.findById(HOLD_ID)).thenReturn(Optional.empty());

        assertThat(service.release(HOLD_ID, 1, 7, 4)).isEqualTo(ReleaseOutcome.TOMBSTONED);
        verify(holds).save(org.mockito.ArgumentMatchers.argThat(Hold::isReleased));
        verify(schedules, never()).giveBack(anyLong(), anyInt());
    }

    @Test
    void aReleaseNamingAnotherReservationsHoldFreesNothing() {
        // the conditional update matched no row: the hold is HELD, but for reservation 8
        when(holds.release(eq(HOLD_ID), eq(7L), any())).thenReturn(0);
        when(holds.findById(HOLD_ID)).thenReturn(Optional.of(Hold.held(HOLD_ID, 1, 8, 4, Instant.now())));

        assertThat(service.release(HOLD_ID, 1, 7, 4)).isEqualTo(ReleaseOutcome.NOT_ITS_HOLD);
        verify(schedules, never()).giveBack(anyLong(), anyInt());
        verify(holds, never()).save(any());
    }

    @Test
    void aReleaseThatWouldExceedCapacityFailsLoudly() {
        when(holds.release(eq(HOLD_ID), eq(7L), any())).thenReturn(1);
        when(holds.findById(HOLD_ID)).thenReturn(Optional.of(Hold.held(HOLD_ID, 1, 7, 4, Instant.now())));
        when(schedules.giveBack(1, 4)).thenReturn(0);

        assertThatIllegalStateException().isThrownBy(() -> service.release(HOLD_ID, 1, 7, 4));
    }
}
