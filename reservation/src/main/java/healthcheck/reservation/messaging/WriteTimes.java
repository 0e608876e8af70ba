package healthcheck.reservation.messaging;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * When the events of each partition were written, as far as {@link ConsumerLag}'s polls can tell: the end offsets
 * each poll reads, kept while they move. The event at a group's committed offset was written after the last poll
 * that saw the end at or below it and before the first poll that saw the end past it, so the time since that first
 * poll is how long the event has been waiting, short by at most one poll.
 * <p>
 * Written by hand: Kafka's Admin client tells how many events a group has not committed, not how old they are, and
 * asking the broker for the timestamp of each committed record would take a consumer fetch per partition and poll.
 * How old they are is what a customer waiting for MyPage feels; how many depends on how fast the consumers go, which
 * is a machine's speed.
 */
final class WriteTimes {

    /** How far back the polls are kept: an older event reads as at least this old, which is all a pace needs. */
    private static final long KEPT_NANOS = Duration.ofMinutes(10).toNanos();

    private final Map<TopicPartition, ArrayDeque<Seen>> seen = new HashMap<>();

    /** Notes the partition's end offset as a poll at {@code nanos} ({@link System#nanoTime()}) read it. */
    void saw(TopicPartition partition, long end, long nanos) {
        ArrayDeque<Seen> history = seen.computeIfAbsent(partition, any -> new ArrayDeque<>());
        Seen last = history.peekLast();
        if (last != null && end < last.end()) {
            history.clear(); // the topic was deleted and made again: its old offsets mean nothing now
            last = null;
        }
        if (last == null || end > last.end()) {
            history.addLast(new Seen(nanos, end));
        }
        // the oldest poll kept is the last one past the horizon, so an older event still reads as at least that old
        while (history.size() > 1 && nanos - secondOf(history).nanos() > KEPT_NANOS) {
            history.removeFirst();
        }
    }

    /**
     * How long the first event past {@code committed} has waited at {@code nanos}, at least: zero when the group has
     * everything the last poll saw written.
     */
    Duration waitingSince(TopicPartition partition, long committed, long nanos) {
        ArrayDeque<Seen> history = seen.get(partition);
        if (history != null) {
            for (Seen poll : history) {
                if (poll.end() > committed) {
                    return Duration.ofNanos(Math.max(0, nanos - poll.nanos()));
                }
            }
        }
        return Duration.ZERO;
    }

    private static Seen secondOf(ArrayDeque<Seen> history) {
        var polls = history.iterator();
        polls.next();
        return polls.next();
    }

    private record Seen(long nanos, long end) {
    }
}
