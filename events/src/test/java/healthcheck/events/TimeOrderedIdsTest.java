package healthcheck.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TimeOrderedIdsTest {

    @Test
    void idsMadeInDifferentMillisecondsSortAsTheyWereMadeInTheirTextForm() throws InterruptedException {
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            made.add(TimeOrderedIds.next().toString());
            Thread.sleep(2);
        }
        // the text form is what the tables store (VARCHAR(36)) and index
        assertThat(made).isSorted();
    }

    @Test
    void everyEventFactoryGivesAVersionSevenIdNeverRepeated() {
        var ids = new HashSet<UUID>();
        for (int i = 0; i < 10_000; i++) {
            UUID id = ReservationPlaced.of(i, 7, 1, "c", "h").eventId();
            assertThat(id.version()).isEqualTo(7);
            ids.add(id);
        }
        assertThat(ids).hasSize(10_000);
        assertThat(List.<IntegrationEvent>of(
                ScheduleRegistered.of(7, 100, LocalDate.of(2026, 12, 1), LocalTime.of(9, 30), "Seoul", "basic"),
                ReservationCancelled.of(1, 7, 10, null, "hold-1"),
                ReservationFailed.of(2, 7, 3, "hold-2", "schedule timed out"),
                DeliveryStatusChanged.of(5, 1, DeliveryStatus.SHIPPED, 3, Instant.now())))
                .allSatisfy(event -> assertThat(event.eventId().version()).isEqualTo(7));
    }
}
