package healthcheck.delivery.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import healthcheck.delivery.DeliveryIntegrationTest;
import healthcheck.delivery.domain.Deliveries;
import healthcheck.delivery.domain.Delivery;
import healthcheck.delivery.domain.DeliverySnapshot;
import healthcheck.events.DeliveryStatus;
import healthcheck.events.IntegrationEvent;
import healthcheck.events.ReservationCancelled;
import healthcheck.events.ReservationPlaced;
import healthcheck.events.Topics;
import healthcheck.platform.EventCodec;
import healthcheck.platform.inbox.EventBatches;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.relational.core.mapping.event.AfterConvertEvent;
import org.springframework.data.relational.core.mapping.event.AfterSaveEvent;
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
    ConfigurableApplicationContext context;

    /**
     * On JPA a batch's events shared one persistence context, and Hibernate checked every entity the earlier events
     * had left in it before each query of the next one: n²/2 checks a batch, 28 % of delivery's CPU at the peak,
     * until platform's PersistenceContextPerEvent cleared it after each event. Spring Data JDBC keeps no entity
     * between statements; what must stay true is what that bought: an event's work is its own delivery's, as much
     * for the twentieth event of a batch as for the first.
     */
    @Test
    void eachEventOfABatchLoadsAndSavesOnlyItsOwnDeliveryHoweverManyCameBeforeIt() {
        List<Long> reservations = LongStream.range(0, 20).map(i -> NEXT_RESERVATION.getAndIncrement()).boxed()
                .toList();

        List<DeliveriesTouched> placing = applyRecording(reservations.stream()
                .map(id -> (IntegrationEvent) placed(id)).toList());
        List<DeliveriesTouched> cancelling = applyRecording(reservations.stream()
                .map(id -> (IntegrationEvent) cancelledEvent(id)).toList());

        assertThat(placing).hasSize(20);
        assertThat(cancelling).hasSize(20);
        for (int i = 0; i < 20; i++) {
            List<Long> own = List.of(reservations.get(i));
            assertThat(placing.get(i)).as("booking %d of the batch", i + 1)
                    .isEqualTo(new DeliveriesTouched(List.of(), own));
            assertThat(cancelling.get(i)).as("cancellation %d of the batch", i + 1)
                    .isEqualTo(new DeliveriesTouched(own, own));
        }
        assertThat(reservations).allSatisfy(id -> assertThat(mailingOf(id).status())
                .isEqualTo(DeliveryStatus.CANCELLED));
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

    /** The reservations of the deliveries one event loaded from the database and saved to it. */
    private record DeliveriesTouched(List<Long> loaded, List<Long> saved) {
    }

    /**
     * Applies the events as one batch and tells, event by event, which deliveries Spring Data JDBC loaded and saved
     * for it (its lifecycle events, published on the applying thread: the binder's own consumers are left out).
     */
    private List<DeliveriesTouched> applyRecording(List<IntegrationEvent> events) {
        Thread applying = Thread.currentThread();
        List<DeliveriesTouched> perEvent = new ArrayList<>();
        ApplicationListener<ApplicationEvent> recorder = event -> {
            if (Thread.currentThread() != applying || perEvent.isEmpty()) {
                return;
            }
            if (event instanceof AfterConvertEvent<?> loaded && loaded.getEntity() instanceof Delivery delivery) {
                perEvent.getLast().loaded().add(delivery.reservationId());
            } else if (event instanceof AfterSaveEvent<?> saved && saved.getEntity() instanceof Delivery delivery) {
                perEvent.getLast().saved().add(delivery.reservationId());
            }
        };
        context.addApplicationListener(recorder);
        try {
            batches.apply(batchOf(events), event -> {
                perEvent.add(new DeliveriesTouched(new ArrayList<>(), new ArrayList<>()));
                handler.handle(event);
            });
        } finally {
            context.removeApplicationListener(recorder);
        }
        return perEvent;
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
