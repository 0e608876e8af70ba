package healthcheck.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class IntegrationEventTest {

    private final JsonMapper json = JsonMapper.builder().build();

    private final List<IntegrationEvent> oneOfEach = List.of(
            ScheduleRegistered.of(7, 100, LocalDate.of(2026, 12, 1), LocalTime.of(9, 30), "Seoul Central", "basic"),
            ReservationPlaced.of(1, 7, 10, "c-1", "hold-1"),
            ReservationCancelled.of(1, 7, 10, null, "hold-1"),
            ReservationFailed.of(2, 7, 3, "hold-2", "schedule timed out"),
            DeliveryStatusChanged.of(5, 1, DeliveryStatus.SHIPPED, 3, Instant.now()));

    @Test
    void everyEventSurvivesAJsonRoundTripAsItsOwnType() {
        for (IntegrationEvent event : oneOfEach) {
            byte[] bytes = json.writeValueAsBytes(event);
            assertThat(json.readValue(bytes, Topics.classOf(event.type()))).isEqualTo(event);
        }
    }

    @Test
    void theWireFormatCarriesIdTypeVersionAndTheAggregateFields() {
        String wire = json.writeValueAsString(ReservationPlaced.of(1, 7, 10, "c-1", "hold-1"));
        assertThat(wire).contains("\"eventId\"", "\"type\":\"ReservationPlaced\"", "\"version\":1",
                "\"reservationId\":1", "\"scheduleId\":7", "\"reservationCount\":10", "\"holdId\":\"hold-1\"");
    }

    @Test
    void allEventsOfOneReservationShareItsIdAsKafkaKey() {
        assertThat(ReservationPlaced.of(42, 7, 1, null, "h").key()).isEqualTo("42");
        assertThat(ReservationCancelled.of(42, 7, 1, null, "h").key()).isEqualTo("42");
        assertThat(ReservationFailed.of(42, 7, 1, "h", "x").key()).isEqualTo("42");
        assertThat(DeliveryStatusChanged.of(9, 42, DeliveryStatus.REQUESTED, 1, Instant.now()).key()).isEqualTo("42");
        assertThat(ScheduleRegistered.of(7, 1, null, null, null, null).key()).isEqualTo("7");
    }

    @Test
    void eachServicePublishesToItsOwnTopic() {
        assertThat(oneOfEach).extracting(IntegrationEvent::topic).containsExactly(Topics.SCHEDULE,
                Topics.RESERVATION, Topics.RESERVATION, Topics.RESERVATION, Topics.DELIVERY);
    }

    @Test
    void anUnknownTypeHasNoClassSoConsumersCanTellItApartAndParkIt() {
        assertThat(Topics.classOf("SomethingNewer")).isNull();
        assertThat(Topics.classOf(null)).isNull();
    }

    @Test
    void anEventWithAWrongTypeOrMissingIdIsRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> new ReservationPlaced(UUID.randomUUID(),
                "ReservationCancelled", 1, Instant.now(), 1, 7, 1, null, "h"));
        assertThatIllegalArgumentException().isThrownBy(() -> new ReservationPlaced(null,
                ReservationPlaced.TYPE, 1, Instant.now(), 1, 7, 1, null, "h"));
        assertThatIllegalArgumentException().isThrownBy(() -> ReservationPlaced.of(1, 7, 0, null, "h"));
        assertThatIllegalArgumentException().isThrownBy(() -> DeliveryStatusChanged.of(1, 1, null, 1, Instant.now()));
    }
}
