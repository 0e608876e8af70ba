package healthcheck.reservation.web;

import healthcheck.reservation.messaging.ConsumerLagMeasured;
import java.time.Duration;

/**
 * The pace, in bookings per second, that bookings are held to while the consumers of their events are behind; 0
 * for none. Entered when the lag passes a high mark, at half the pace bookings were running at; cut by 30 % at each
 * measurement the lag has not shrunk since (multiplicative decrease, as TCP backs off: the consumers' own pace is
 * not known, only whether they gain on the bookings); left once the lag is down to the low marks. Never below
 * {@code floor}, so customers keep getting bookings while the consumers catch up. Two marks keep a lag near one of
 * them from flipping the pace each second.
 * <p>
 * The lag is judged both in events and in how long the oldest of them has waited. In events alone the marks are a
 * machine's speed: 600 events were a second of a fast machine's bookings, and on a machine a third as fast, whose
 * starved consumers worked off a few dozen events a second, the same 600 let MyPage fall 20 s behind before anything
 * was held back (SustainedLoadIT). The wait is what a customer looking for their booking feels, and its mark bounds
 * that on any machine; it is set high (10 s) because a low one paced so often that it cost more bookings than it
 * saved MyPage seconds (README, "Bookings wait for their consumers").
 * <p>
 * Not a concurrency limit: measured on two cores, one booking at a time still ran 180 a second, all the CPU the
 * booking path needs, and MyPage fell further behind for six minutes (docs/benchmarks.md).
 */
final class ConsumerPace {

    private static final double BACK_OFF = 0.7;

    private final Marks marks;
    private final double floor;
    private double pace;
    private long lastLag = -1;

    /** Held back past either high mark; full speed again once the lag is at or below both low ones. */
    record Marks(long high, long low, Duration highWait, Duration lowWait) {

        Marks {
            if (low < 0 || high <= low || lowWait.isNegative() || highWait.compareTo(lowWait) <= 0) {
                throw new IllegalArgumentException("the consumers' pace needs 0 <= low < high in events and in "
                        + "waiting time; got " + low + ", " + high + ", " + lowWait + ", " + highWait);
            }
        }
    }

    ConsumerPace(Marks marks, double floor) {
        if (floor <= 0) {
            throw new IllegalArgumentException("the consumers' slowest pace must be > 0; got " + floor);
        }
        this.marks = marks;
        this.floor = floor;
    }

    /**
     * The pace after this measurement of the consumers' lag (unknown holds nothing back), given how many bookings a
     * second ran since the last one.
     */
    double follow(ConsumerLagMeasured lag, double bookingsPerSecond) {
        long events = lag.worst();
        if (!lag.known() || events <= marks.low() && lag.oldest().compareTo(marks.lowWait()) <= 0) {
            pace = 0;
        } else if (pace == 0) {
            if (events > marks.high() || lag.oldest().compareTo(marks.highWait()) > 0) {
                pace = Math.max(floor, bookingsPerSecond / 2);
            }
        } else if (events >= lastLag) {
            pace = Math.max(floor, pace * BACK_OFF);
        }
        lastLag = events;
        return pace;
    }
}
