package healthcheck.delivery.domain;

import healthcheck.events.DeliveryStatus;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Column;
import org.springframework.data.relational.core.mapping.MappedCollection;
import org.springframework.data.relational.core.mapping.Table;

/**
 * The mailing of the questionnaire and notice for one reservation. Operators move it forward one step at a time;
 * a cancelled booking stops it unless it already arrived. Every change is recorded as a numbered step, and that
 * number is the {@code sequence} of the event announcing it, so readers can order late events.
 */
@Table("delivery")
public class Delivery {

    @Id
    @Column("delivery_id")
    private Long id;

    private long reservationId;

    private DeliveryStatus status;

    private int lastSequence;

    private Instant createdAt;

    private Instant updatedAt;

    // An operator step and a cancellation racing on one delivery must not both win: the loser retries or fails.
    // A Long, not a long: Spring Data takes a primitive version of 0 for "never saved", and every delivery
    // Hibernate wrote and nobody changed since is stored with version 0, so save() would insert it again.
    @Version
    private Long version;

    // A Set, not a List: Spring Data JDBC keeps a List's order in an index column of its own (0, 1, ...), while
    // a step's place in the history is its step_sequence (1, 2, ...), which each step carries. So the steps are
    // stored as they are and history() puts them in sequence order, the order the API and the events show.
    @MappedCollection(idColumn = "delivery_id")
    private Set<DeliveryStep> history = new HashSet<>();

    private Delivery() {
        // read from the database: Spring Data JDBC sets the fields
    }

    private Delivery(long reservationId, DeliveryStatus status, Instant at) {
        this.reservationId = reservationId;
        this.createdAt = at;
        record(status, at);
    }

    /** A new booking: its mailing is requested. */
    public static Delivery request(long reservationId, Instant at) {
        return new Delivery(reservationId, DeliveryStatus.REQUESTED, at);
    }

    /**
     * The cancellation overtook the booking event. Remembering the reservation as CANCELLED is what stops the late
     * booking event from starting a mailing nobody wants.
     */
    public static Delivery cancelledBeforeRequested(long reservationId, Instant at) {
        return new Delivery(reservationId, DeliveryStatus.CANCELLED, at);
    }

    /**
     * Operator progress: only the next step forward. Asking for the status it already has is a harmless repeat
     * (an operator's retried request) and changes nothing.
     *
     * @return the step taken, or empty for a repeat
     * @throws IllegalTransitionException for anything but the next step
     */
    public Optional<DeliveryStep> advanceTo(DeliveryStatus target, Instant at) {
        if (target == status) {
            return Optional.empty();
        }
        DeliveryStatus next = nextOf(status);
        if (target != next) {
            throw new IllegalTransitionException(id, status, target);
        }
        return Optional.of(record(target, at));
    }

    /**
     * The booking was cancelled: stop the mailing, unless it already reached the customer (nothing left to stop)
     * or was cancelled before.
     *
     * @return the step taken, or empty when nothing changed
     */
    public Optional<DeliveryStep> cancel(Instant at) {
        if (status.isFinal()) {
            return Optional.empty();
        }
        return Optional.of(record(DeliveryStatus.CANCELLED, at));
    }

    /** The status an operator may move to from {@code current}, or null when none (final states). */
    static DeliveryStatus nextOf(DeliveryStatus current) {
        return switch (current) {
            case REQUESTED -> DeliveryStatus.STARTED;
            case STARTED -> DeliveryStatus.SHIPPED;
            case SHIPPED -> DeliveryStatus.DELIVERED;
            case DELIVERED, CANCELLED -> null;
        };
    }

    private DeliveryStep record(DeliveryStatus newStatus, Instant at) {
        status = newStatus;
        lastSequence++;
        updatedAt = at;
        DeliveryStep step = new DeliveryStep(lastSequence, newStatus, at);
        history.add(step);
        return step;
    }

    public Long id() {
        return id;
    }

    public long reservationId() {
        return reservationId;
    }

    public DeliveryStatus status() {
        return status;
    }

    public int lastSequence() {
        return lastSequence;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    /** Every step so far, oldest first. */
    public List<DeliveryStep> history() {
        return history.stream().sorted(Comparator.comparingInt(DeliveryStep::sequence)).toList();
    }
}
