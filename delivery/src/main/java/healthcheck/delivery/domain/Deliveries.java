package healthcheck.delivery.domain;

import healthcheck.events.DeliveryStatus;
import healthcheck.events.DeliveryStatusChanged;
import healthcheck.platform.outbox.EventOutbox;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The use cases of delivery. Each change and the DeliveryStatusChanged announcing it are written in one
 * transaction (the outbox), so no step is ever lost or announced without having happened.
 */
@Service
public class Deliveries {

    private static final Logger log = LoggerFactory.getLogger(Deliveries.class);

    private final DeliveryRepository repository;
    private final EventOutbox outbox;
    private final Clock clock;

    Deliveries(DeliveryRepository repository, EventOutbox outbox, Clock clock) {
        this.repository = repository;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** A booking was placed: request its mailing, unless one exists or the booking was already cancelled. */
    @Transactional
    public void requestMailing(long reservationId) {
        Optional<Delivery> existing = repository.findByReservationId(reservationId);
        if (existing.isPresent()) {
            log.info("Reservation {} already has delivery {} ({}); no new mailing", reservationId,
                    existing.get().id(), existing.get().status());
            return;
        }
        Delivery delivery = repository.save(Delivery.request(reservationId, now()));
        announce(delivery, delivery.history().getFirst());
    }

    /** A booking was cancelled: stop its mailing, or remember the cancellation if the booking is not known yet. */
    @Transactional
    public void cancelMailing(long reservationId) {
        Optional<Delivery> existing = repository.findByReservationId(reservationId);
        if (existing.isEmpty()) {
            log.info("Cancellation of reservation {} arrived before its booking; remembering it", reservationId);
            Delivery tombstone = repository.save(Delivery.cancelledBeforeRequested(reservationId, now()));
            announce(tombstone, tombstone.history().getFirst());
            return;
        }
        Delivery delivery = existing.get();
        delivery.cancel(now()).ifPresentOrElse(
                step -> saveAndAnnounce(delivery, step),
                () -> log.info("Delivery {} of reservation {} stays {} despite the cancellation", delivery.id(),
                        reservationId, delivery.status()));
    }

    /** Operator progress; a repeat of the current status answers the delivery unchanged. */
    @Transactional
    public DeliverySnapshot advance(long deliveryId, DeliveryStatus target) {
        Delivery delivery = repository.findById(deliveryId).orElseThrow(() -> new DeliveryNotFoundException(deliveryId));
        delivery.advanceTo(target, now()).ifPresent(step -> saveAndAnnounce(delivery, step));
        return DeliverySnapshot.of(delivery);
    }

    @Transactional(readOnly = true)
    public DeliverySnapshot get(long deliveryId) {
        return repository.findById(deliveryId).map(DeliverySnapshot::of)
                .orElseThrow(() -> new DeliveryNotFoundException(deliveryId));
    }

    /** The booking's mailing, as a page like every list (it holds one at most). */
    @Transactional(readOnly = true)
    public Page<DeliverySnapshot> ofReservation(long reservationId, Pageable page) {
        return repository.findByReservationId(reservationId, page).map(DeliverySnapshot::of);
    }

    @Transactional(readOnly = true)
    public Page<DeliverySnapshot> all(Pageable page) {
        return repository.findAll(page).map(DeliverySnapshot::of);
    }

    // Only a delivery that took a step is written: a repeat changes nothing, not even the version.
    private void saveAndAnnounce(Delivery delivery, DeliveryStep step) {
        repository.save(delivery);
        announce(delivery, step);
    }

    private void announce(Delivery delivery, DeliveryStep step) {
        outbox.publish(DeliveryStatusChanged.of(delivery.id(), delivery.reservationId(), step.status(),
                step.sequence(), step.at()));
    }

    // Millisecond precision survives every database's timestamp type, so what we answer equals what we stored.
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
