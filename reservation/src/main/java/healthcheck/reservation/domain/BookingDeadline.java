package healthcheck.reservation.domain;

import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * The moment ({@link System#nanoTime()}) by which a customer who asked to book must have heard back: bound where a
 * booking is admitted, read by what the booking may wait on (the hold's repeated asks). So a booking that did not
 * queue may spend the time it did not queue on getting schedule's answer, and none outlives the gateway's wait.
 * <p>
 * A scoped value rather than a parameter through {@link Bookings} and {@link ScheduleHolds}: it bounds waits inside
 * the adapters, which none of the domain's decisions depend on.
 */
public final class BookingDeadline {

    private static final ScopedValue<Long> NANOS = ScopedValue.newInstance();

    private BookingDeadline() {
    }

    /** Runs the booking with its deadline bound for everything it calls on this thread. */
    public static <T> T within(long deadlineNanos, Supplier<T> booking) {
        return ScopedValue.where(NANOS, deadlineNanos).call(booking::get);
    }

    /** The deadline of the booking running on this thread, if it was admitted with one. */
    public static OptionalLong nanos() {
        return NANOS.isBound() ? OptionalLong.of(NANOS.get()) : OptionalLong.empty();
    }
}
