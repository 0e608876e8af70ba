package healthcheck.reservation.domain;

/**
 * What a booking waits for before it takes places: the pace the consumers of its events can follow
 * (web.BookingAdmission). Asked only once the booking is known not to be answered "full" without a take
 * ({@link ScheduleHolds#refuseIfSeenFull}, {@link ScheduleHolds#refuseIfStillFull}): such an answer writes nothing
 * and makes no events, so it waits for nothing, and the crowd of a rush hears "full" at once even while bookings
 * are held back.
 */
public interface BookingPace {

    /** Returns when this booking may go on; throws an unchecked exception when it may not, having taken nothing. */
    void awaitTurn();
}
