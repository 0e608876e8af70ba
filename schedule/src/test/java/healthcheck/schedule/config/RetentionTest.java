package healthcheck.schedule.config;

import static org.assertj.core.api.Assertions.assertThat;

import healthcheck.platform.housekeeping.EmbeddedStoreCompaction;
import healthcheck.platform.housekeeping.ExpiringRows;
import healthcheck.schedule.IntegrationTest;
import healthcheck.schedule.domain.HoldStatus;
import healthcheck.schedule.domain.ScheduleService;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;

class RetentionTest extends IntegrationTest {

    @Autowired
    ScheduleService schedules;

    @Autowired
    List<ExpiringRows> expiring;

    @Autowired
    ObjectProvider<EmbeddedStoreCompaction> embeddedStoreCompaction;

    @Test
    void the_embedded_database_file_is_compacted_while_the_service_runs() {
        assertThat(embeddedStoreCompaction.getIfAvailable()).as("platform's EmbeddedStoreCompaction").isNotNull();
    }

    @Test
    void housekeepingForgetsReleasedHoldsAndTombstonesPastTheirRetentionAndKeepsLiveHolds() {
        long scheduleId = freshId();
        schedules.register(scheduleId, 10, null, null, null, null);
        schedules.hold(scheduleId, "held-" + scheduleId, 1, 2);
        schedules.hold(scheduleId, "released-" + scheduleId, 2, 3);
        schedules.release("released-" + scheduleId, scheduleId, 2, 3);
        // the release overtook its take: the tombstone refuses the late take
        schedules.release("tombstone-" + scheduleId, scheduleId, 3, 1);

        ExpiringRows releasedHolds = expiring.stream()
                .filter(rows -> rows.description().equals("released holds and tombstones")).findFirst().orElseThrow();
        assertThat(releasedHolds.retention()).isEqualTo(Duration.ofDays(14));
        // as Housekeeping runs it once the retention is over for all three
        releasedHolds.deleteOlderThan().applyAsInt(Instant.now().plusSeconds(1));

        assertThat(schedules.findHold("released-" + scheduleId)).isEmpty();
        assertThat(schedules.findHold("tombstone-" + scheduleId)).isEmpty();
        assertThat(schedules.findHold("held-" + scheduleId)).get().extracting(hold -> hold.status())
                .isEqualTo(HoldStatus.HELD);
        assertThat(schedules.get(scheduleId).availableCount()).as("places are untouched").isEqualTo(8);
    }
}
