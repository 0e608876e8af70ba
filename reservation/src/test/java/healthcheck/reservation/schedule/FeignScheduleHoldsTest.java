package healthcheck.reservation.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import healthcheck.reservation.domain.ScheduleHolds.InsufficientCapacityException;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.Test;

/** What the schedule adapter concludes from schedule's answers, with a scripted schedule instead of HTTP. */
class FeignScheduleHoldsTest {

    private static final long SCHEDULE = 7;

    /** Answers each hold with the next scripted number of places left, or a 409 when that number is negative. */
    private final Deque<Integer> placesLeft = new ArrayDeque<>();
    /** Answers each read with the next scripted number of places left. */
    private final Deque<Integer> placesRead = new ArrayDeque<>();
    private final ScheduleClient schedule = new ScheduleClient() {
        @Override
        public HoldResponse takeHold(long scheduleId, HoldRequest request) {
            int left = placesLeft.removeFirst();
            if (left < 0) {
                throw new ScheduleRejection(409, "INSUFFICIENT_CAPACITY", 0, "full");
            }
            return new HoldResponse(request.holdId(), scheduleId, request.reservationId(), request.count(), "HELD",
                    left);
        }

        @Override
        public Places places(long scheduleId) {
            return new Places(scheduleId, placesRead.removeFirst());
        }
    };
    private final FeignScheduleHolds holds = new FeignScheduleHolds(schedule, CircuitBreakerRegistry.ofDefaults());

    @Test
    void aBookingThatWasWaitingWhenTheLastPlaceWentIsRefusedAsFullWithoutACall() {
        long waitingSince = System.nanoTime();
        placesLeft.add(0);
        holds.take(SCHEDULE, "h-1", 1, 1);

        assertThatThrownBy(() -> holds.refuseIfSeenFull(SCHEDULE, 1, waitingSince))
                .isInstanceOfSatisfying(InsufficientCapacityException.class,
                        full -> assertThat(full.availableCount()).isZero());
        assertThat(placesLeft).as("no call was made for it").isEmpty();
    }

    @Test
    void aRefusalFromScheduleCountsAsSeeingItFull() {
        long waitingSince = System.nanoTime();
        placesLeft.add(-1);
        assertThatThrownBy(() -> holds.take(SCHEDULE, "h-1", 1, 1)).isInstanceOf(InsufficientCapacityException.class);

        assertThatThrownBy(() -> holds.refuseIfSeenFull(SCHEDULE, 1, waitingSince))
                .isInstanceOf(InsufficientCapacityException.class);
    }

    @Test
    void aBookingThatArrivesAfterScheduleWasSeenFullStillAsksSchedule() {
        placesLeft.add(0);
        holds.take(SCHEDULE, "h-1", 1, 1);
        long arrivedAfter = System.nanoTime();

        // a place may have been given back since; only schedule knows
        assertThatCode(() -> holds.refuseIfSeenFull(SCHEDULE, 1, arrivedAfter)).doesNotThrowAnyException();
    }

    @Test
    void aLaterAnswerWithPlacesLeftWinsOverAnEarlierFullOne() {
        long waitingSince = System.nanoTime();
        placesLeft.add(0);
        holds.take(SCHEDULE, "h-1", 1, 1);
        placesLeft.add(3);
        holds.take(SCHEDULE, "h-2", 2, 1);

        assertThatCode(() -> holds.refuseIfSeenFull(SCHEDULE, 1, waitingSince)).doesNotThrowAnyException();
        assertThatThrownBy(() -> holds.refuseIfSeenFull(SCHEDULE, 4, waitingSince))
                .as("but four places are more than the three seen left")
                .isInstanceOfSatisfying(InsufficientCapacityException.class,
                        full -> assertThat(full.availableCount()).isEqualTo(3));
    }

    @Test
    void otherSchedulesAreNotAffected() {
        long waitingSince = System.nanoTime();
        placesLeft.add(0);
        holds.take(SCHEDULE, "h-1", 1, 1);

        assertThatCode(() -> holds.refuseIfSeenFull(SCHEDULE + 1, 1, waitingSince)).doesNotThrowAnyException();
    }

    @Test
    void aBookingThatArrivesAfterScheduleWasSeenFullIsRefusedOnARead() {
        placesLeft.add(0);
        holds.take(SCHEDULE, "h-1", 1, 1);
        placesRead.add(0);

        assertThatThrownBy(() -> holds.refuseIfStillFull(SCHEDULE, 1))
                .isInstanceOfSatisfying(InsufficientCapacityException.class,
                        full -> assertThat(full.availableCount()).isZero());
        assertThat(placesRead).as("schedule was read").isEmpty();
    }

    @Test
    void aPlaceGivenBackShowsInTheReadAndLaterBookingsNoLongerRead() {
        placesLeft.add(-1);
        assertThatThrownBy(() -> holds.take(SCHEDULE, "h-1", 1, 1)).isInstanceOf(InsufficientCapacityException.class);
        placesRead.add(1);

        assertThatCode(() -> holds.refuseIfStillFull(SCHEDULE, 1)).doesNotThrowAnyException();
        assertThat(placesRead).as("schedule was read").isEmpty();
        assertThatCode(() -> holds.refuseIfStillFull(SCHEDULE, 1)).as("one place seen left: no read")
                .doesNotThrowAnyException();

        placesRead.add(1);
        assertThatThrownBy(() -> holds.refuseIfStillFull(SCHEDULE, 2)).as("but two are more than the one seen")
                .isInstanceOfSatisfying(InsufficientCapacityException.class,
                        full -> assertThat(full.availableCount()).isEqualTo(1));
        assertThat(placesRead).as("so schedule was read again").isEmpty();
    }

    @Test
    void aScheduleNotSeenShortOfPlacesIsNotRead() {
        assertThatCode(() -> holds.refuseIfStillFull(SCHEDULE, 1)).doesNotThrowAnyException();
        placesLeft.add(3);
        holds.take(SCHEDULE, "h-1", 1, 1);

        assertThatCode(() -> holds.refuseIfStillFull(SCHEDULE, 3)).doesNotThrowAnyException();
    }
}
