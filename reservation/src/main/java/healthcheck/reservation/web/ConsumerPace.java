package healthcheck.reservation.web;

/**
 * The pace, in bookings per second, that bookings are held to while the consumers of their events are behind; 0
 * for none. Entered when the lag passes {@code high}, at half the pace bookings were running at; cut by 30 % at each
 * measurement the lag has not shrunk since (multiplicative decrease, as TCP backs off: the consumers' own pace is
 * not known, only whether they gain on the bookings); left once the lag is down to {@code low}. Never below
 * {@code floor}, so customers keep getting bookings while the consumers catch up. The two marks keep a lag near
 * one of them from flipping the pace each second.
 * <p>
 * Not a concurrency limit: measured on two cores, one booking at a time still ran 180 a second, all the CPU the
 * booking path needs, and MyPage fell further behind for six minutes (docs/benchmarks.md).
 */
final class ConsumerPace {

    private static final double BACK_OFF = 0.7;

    private final long high;
    private final long low;
    private final double floor;
    private double pace;
    private long lastLag = -1;

    ConsumerPace(long high, long low, double floor) {
        if (low < 0 || high <= low || floor <= 0) {
            throw new IllegalArgumentException("the consumers' pace needs 0 <= low < high and a floor > 0; got "
                    + low + ", " + high + ", " + floor);
        }
        this.high = high;
        this.low = low;
        this.floor = floor;
    }

    /**
     * The pace after this measurement of the worst lag (-1: unknown, which holds nothing back), given how many
     * bookings a second ran since the last one.
     */
    double follow(long lag, double bookingsPerSecond) {
        if (lag <= low) {
            pace = 0;
        } else if (pace == 0) {
            if (lag > high) {
                pace = Math.max(floor, bookingsPerSecond / 2);
            }
        } else if (lag >= lastLag) {
            pace = Math.max(floor, pace * BACK_OFF);
        }
        lastLag = lag;
        return pace;
    }
}
