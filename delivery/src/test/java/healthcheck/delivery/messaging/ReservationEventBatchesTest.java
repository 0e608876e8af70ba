package healthcheck.delivery.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import healthcheck.delivery.DeliveryIntegrationTest;
import healthcheck.delivery.domain.Deliveries;
import healthcheck.delivery.domain.DeliverySnapshot;
import healthcheck.events.DeliveryStatus;
import healthcheck.events.IntegrationEvent;
import healthcheck.events.ReservationCancelled;
import healthcheck.events.ReservationPlaced;
import healthcheck.events.Topics;
import healthcheck.platform.EventCodec;
import healthcheck.platform.inbox.EventBatches;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.hibernate.engine.spi.SessionImplementor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.PageRequest;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

/**
 * What one poll brought, applied as the binding applies it (platform's {@link EventBatches}, one transaction) but
 * handed over directly, so the test controls exactly which events share the batch.
 */
@DeliveryIntegrationTest
class ReservationEventBatchesTest {

    private static final AtomicLong NEXT_RESERVATION = new AtomicLong(9_300_000);

    @Autowired
    EventBatches batches;
    @Autowired
    EventCodec codec;
    @Autowired
    ReservationEventHandler handler;
    @Autowired
    Deliveries deliveries;
    @Autowired
    EntityManager entityManager;

    @Test
    void eachEventOfABatchStartsWithNoneOfTheEarlierEventsEntitiesInItsPersistenceContext() {
        List<Long> reservations = LongStream.range(0, 20).map(i -> NEXT_RESERVATION.getAndIncrement()).boxed()
                .toList();
        List<Integer> managedBeforeEachEvent = new ArrayList<>();

        batches.apply(batchOf(reservations.stream().map(id -> (IntegrationEvent) placed(id)).toList()), event -> {
            managedBeforeEachEvent.add(managedEntities());
            handler.handle(event);
        });

        assertThat(managedBeforeEachEvent).hasSize(20).containsOnly(0);
        assertThat(reservations).allSatisfy(id -> assertThat(mailingOf(id).status())
                .isEqualTo(DeliveryStatus.REQUESTED));
    }

    @Test
    void aCancellationInTheBatchOfItsBookingStopsTheMailingTheBookingRequested() {
        long cancelled = NEXT_RESERVATION.getAndIncrement();
        long kept = NEXT_RESERVATION.getAndIncrement();

        batches.apply(batchOf(List.of(placed(cancelled), placed(kept), cancelledEvent(cancelled))), handler::handle);

        DeliverySnapshot stopped = mailingOf(cancelled);
        assertThat(stopped.status()).isEqualTo(DeliveryStatus.CANCELLED);
        assertThat(stopped.history()).extracting(DeliverySnapshot.Step::status)
                .containsExactly(DeliveryStatus.REQUESTED, DeliveryStatus.CANCELLED);
        assertThat(mailingOf(kept).status()).isEqualTo(DeliveryStatus.REQUESTED);
    }

    private int managedEntities() {
        return entityManager.unwrap(SessionImplementor.class).getPersistenceContextInternal()
                .getNumberOfManagedEntities();
    }

    private DeliverySnapshot mailingOf(long reservationId) {
        List<DeliverySnapshot> found = deliveries.ofReservation(reservationId, PageRequest.of(0, 10)).getContent();
        assertThat(found).hasSize(1);
        return found.getFirst();
    }

    /** The events as the binder hands over one poll: the payloads, and each record's headers in a list. */
    private Message<List<byte[]>> batchOf(List<IntegrationEvent> events) {
        List<byte[]> payloads = new ArrayList<>();
        List<Map<String, Object>> headers = new ArrayList<>();
        for (IntegrationEvent event : events) {
            Message<byte[]> message = codec.toMessage(event);
            payloads.add(message.getPayload());
            headers.add(Map.of(Topics.EVENT_TYPE_HEADER, event.type()));
        }
        return MessageBuilder.withPayload(payloads).setHeader(KafkaHeaders.BATCH_CONVERTED_HEADERS, headers).build();
    }

    private static ReservationPlaced placed(long reservationId) {
        return ReservationPlaced.of(reservationId, 1, 2, "c-" + reservationId, "hold-" + reservationId);
    }

    private static ReservationCancelled cancelledEvent(long reservationId) {
        return ReservationCancelled.of(reservationId, 1, 2, "c-" + reservationId, "hold-" + reservationId);
    }
}
