package healthcheck.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Time that moves only when a test moves it: a wall clock (for validators that take a {@link Clock}) and a
 * nanosecond count (for caches that take a ticker, e.g. Caffeine's {@code ticker(time::nanos)}) that move together.
 */
public final class SettableTime extends Clock {

    private final Instant start;
    private final AtomicLong nanos = new AtomicLong();

    public SettableTime(Instant start) {
        this.start = start;
    }

    public void later(Duration by) {
        nanos.addAndGet(by.toNanos());
    }

    public long nanos() {
        return nanos.get();
    }

    @Override
    public Instant instant() {
        return start.plusNanos(nanos.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
