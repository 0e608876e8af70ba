package healthcheck.delivery.domain;

import static healthcheck.events.DeliveryStatus.CANCELLED;
import static healthcheck.events.DeliveryStatus.DELIVERED;
import static healthcheck.events.DeliveryStatus.REQUESTED;
import static healthcheck.events.DeliveryStatus.SHIPPED;
import static healthcheck.events.DeliveryStatus.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import healthcheck.events.DeliveryStatus;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeliveryTest {

    private static final Instant T0 = Instant.parse("2026-11-01T09:00:00Z");

    private static Delivery deliveryAt(DeliveryStatus status) {
        Delivery delivery = Delivery.request(7, T0);
        if (status == CANCELLED) {
            delivery.cancel(T0);
        } else {
            for (DeliveryStatus step : new DeliveryStatus[] {STARTED, SHIPPED, DELIVERED}) {
                if (delivery.status() == status) {
                    break;
                }
                delivery.advanceTo(step, T0);
            }
        }
        assertThat(delivery.status()).isEqualTo(status);
        return delivery;
    }

    @Test
    void aNewBookingRequestsTheMailingAsStepOne() {
        Delivery delivery = Delivery.request(7, T0);

        assertThat(delivery.status()).isEqualTo(REQUESTED);
        assertThat(delivery.reservationId()).isEqualTo(7);
        assertThat(delivery.lastSequence()).isEqualTo(1);
        assertThat(delivery.createdAt()).isEqualTo(T0);
        assertThat(delivery.history()).singleElement()
                .satisfies(step -> {
                    assertThat(step.sequence()).isEqualTo(1);
                    assertThat(step.status()).isEqualTo(REQUESTED);
                });
    }

    @Test
    void operatorStepsGoForwardOneAtATimeWithIncreasingSequence() {
        Delivery delivery = Delivery.request(7, T0);

        DeliveryStep started = delivery.advanceTo(STARTED, T0.plusSeconds(1)).orElseThrow();
        DeliveryStep shipped = delivery.advanceTo(SHIPPED, T0.plusSeconds(2)).orElseThrow();
        DeliveryStep delivered = delivery.advanceTo(DELIVERED, T0.plusSeconds(3)).orElseThrow();

        assertThat(started.sequence()).isEqualTo(2);
        assertThat(shipped.sequence()).isEqualTo(3);
        assertThat(delivered.sequence()).isEqualTo(4);
        assertThat(delivery.status()).isEqualTo(DELIVERED);
        assertThat(delivery.updatedAt()).isEqualTo(T0.plusSeconds(3));
        assertThat(delivery.history()).extracting(DeliveryStep::status)
                .containsExactly(REQUESTED, STARTED, SHIPPED, DELIVERED);
    }

    @ParameterizedTest
    @CsvSource({"REQUESTED", "STARTED", "SHIPPED", "DELIVERED", "CANCELLED"})
    void repeatingTheCurrentStatusChangesNothing(DeliveryStatus status) {
        Delivery delivery = deliveryAt(status);
        int sequence = delivery.lastSequence();

        assertThat(delivery.advanceTo(status, T0.plusSeconds(9))).isEmpty();

        assertThat(delivery.status()).isEqualTo(status);
        assertThat(delivery.lastSequence()).isEqualTo(sequence);
    }

    @ParameterizedTest
    @CsvSource({
            "REQUESTED, SHIPPED", "REQUESTED, DELIVERED", "REQUESTED, CANCELLED",
            "STARTED, REQUESTED", "STARTED, DELIVERED", "STARTED, CANCELLED",
            "SHIPPED, STARTED", "SHIPPED, REQUESTED", "SHIPPED, CANCELLED",
            "DELIVERED, SHIPPED", "DELIVERED, CANCELLED", "DELIVERED, REQUESTED",
            "CANCELLED, STARTED", "CANCELLED, REQUESTED", "CANCELLED, DELIVERED"})
    void skippingGoingBackOrCancellingByOperatorIsIllegalAndChangesNothing(DeliveryStatus from, DeliveryStatus to) {
        Delivery delivery = deliveryAt(from);
        int sequence = delivery.lastSequence();

        assertThatThrownBy(() -> delivery.advanceTo(to, T0.plusSeconds(9)))
                .isInstanceOf(IllegalTransitionException.class)
                .hasMessageContaining(from + " to " + to);

        assertThat(delivery.status()).isEqualTo(from);
        assertThat(delivery.lastSequence()).isEqualTo(sequence);
    }

    @ParameterizedTest
    @CsvSource({"REQUESTED", "STARTED", "SHIPPED"})
    void cancellingALiveMailingStopsItAsTheNextStep(DeliveryStatus status) {
        Delivery delivery = deliveryAt(status);
        int sequence = delivery.lastSequence();

        DeliveryStep step = delivery.cancel(T0.plusSeconds(9)).orElseThrow();

        assertThat(step.status()).isEqualTo(CANCELLED);
        assertThat(step.sequence()).isEqualTo(sequence + 1);
        assertThat(delivery.status()).isEqualTo(CANCELLED);
    }

    @Test
    void cancellingADeliveredMailingChangesNothing() {
        Delivery delivery = deliveryAt(DELIVERED);

        assertThat(delivery.cancel(T0.plusSeconds(9))).isEmpty();

        assertThat(delivery.status()).isEqualTo(DELIVERED);
        assertThat(delivery.lastSequence()).isEqualTo(4);
    }

    @Test
    void cancellingTwiceChangesNothingTheSecondTime() {
        Delivery delivery = deliveryAt(CANCELLED);
        int sequence = delivery.lastSequence();

        assertThat(delivery.cancel(T0.plusSeconds(9))).isEmpty();

        assertThat(delivery.lastSequence()).isEqualTo(sequence);
    }

    @Test
    void aCancellationBeforeTheBookingLeavesACancelledDeliveryThatCannotBeStarted() {
        Delivery tombstone = Delivery.cancelledBeforeRequested(7, T0);

        assertThat(tombstone.status()).isEqualTo(CANCELLED);
        assertThat(tombstone.history()).singleElement()
                .satisfies(step -> assertThat(step.sequence()).isEqualTo(1));
        assertThatThrownBy(() -> tombstone.advanceTo(STARTED, T0)).isInstanceOf(IllegalTransitionException.class);
    }
}
