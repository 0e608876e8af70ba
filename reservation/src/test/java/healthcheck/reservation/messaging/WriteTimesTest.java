package healthcheck.reservation.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class WriteTimesTest {

    private static final TopicPartition PARTITION = new TopicPartition("healthcheck.reservation", 0);
    private static final long SECOND = 1_000_000_000L;

    private final WriteTimes writeTimes = new WriteTimes();

    @Test
    void theFirstEventNotWorkedThroughHasWaitedSinceThePollThatFirstSawItWritten() {
        writeTimes.saw(PARTITION, 10, 0);
        writeTimes.saw(PARTITION, 10, SECOND);
        writeTimes.saw(PARTITION, 25, 2 * SECOND); // offsets 10-24 were written between the second poll and this one
        writeTimes.saw(PARTITION, 40, 3 * SECOND);

        assertThat(writeTimes.waitingSince(PARTITION, 12, 5 * SECOND)).isEqualTo(Duration.ofSeconds(3));
        assertThat(writeTimes.waitingSince(PARTITION, 25, 5 * SECOND)).isEqualTo(Duration.ofSeconds(2));
        assertThat(writeTimes.waitingSince(PARTITION, 5, 5 * SECOND)).as("written before the first poll: at least")
                .isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aGroupWithEverythingThePollsSawWaitsForNothing() {
        writeTimes.saw(PARTITION, 10, 0);
        assertThat(writeTimes.waitingSince(PARTITION, 10, 9 * SECOND)).isZero();
        assertThat(writeTimes.waitingSince(new TopicPartition("never.polled", 0), 0, SECOND)).isZero();
    }

    @Test
    void anEventOlderThanTheHistoryKeptIsAtLeastAsOldAsIt() {
        writeTimes.saw(PARTITION, 10, 0);
        writeTimes.saw(PARTITION, 20, 60 * SECOND);
        writeTimes.saw(PARTITION, 30, 700 * SECOND); // the first poll, ten minutes before, is let go

        assertThat(writeTimes.waitingSince(PARTITION, 0, 700 * SECOND)).isEqualTo(Duration.ofSeconds(640));
    }

    @Test
    void aTopicMadeAgainStartsItsHistoryAfresh() {
        writeTimes.saw(PARTITION, 500, 0);
        writeTimes.saw(PARTITION, 3, 4 * SECOND);
        assertThat(writeTimes.waitingSince(PARTITION, 0, 5 * SECOND)).isEqualTo(Duration.ofSeconds(1));
    }
}
