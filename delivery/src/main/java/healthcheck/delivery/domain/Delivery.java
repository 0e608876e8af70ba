package healthcheck.delivery.domain;

import healthcheck.events.DeliveryStatus;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import org.hibernate.annotations.BatchSize;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The mailing of the questionnaire and notice for one reservation. Operators move it forward one step at a time;
 * a cancelled booking stops it unless it already arrived. Every change is recorded as a numbered step, and that
 * number is the {@code sequence} of the event announcing it, so readers can order late events.
 */
@Entity
@Table(name = "delivery")
public class Delivery {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "delivery_id")
    private Long id;

    @Column(name = "reservation_id", nullable = false, updatable = false)
    private long reservationId;

    @Enumerated(EnumType.STRING)
    @Column(name = "status", nullable = false)
    private DeliveryStatus status;

    @Column(name = "last_sequence", nullable = false)
    private int lastSequence;

    // Hibernate's HSQLDB dialect maps Instant to a plain timestamp; the schema (portable, see V1) has zoned ones.
    @JdbcTypeCode(SqlTypes.TIMESTAMP_WITH_TIMEZONE)
    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @JdbcTypeCode(SqlTypes.TIMESTAMP_WITH_TIMEZONE)
    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    // An operator step and a cancellation racing on one delivery must not both win: the loser retries or fails.
    @Version
    @Column(name = "version", nullable = false)
    private long version;

    // a page of up to 100 deliveries (the largest a list answers) loads their histories in one query, not one each
    @OneToMany(mappedBy = "delivery", cascade = CascadeType.ALL, orphanRemoval = true)
    @OrderBy("sequence")
    @BatchSize(size = 100)
    private List<DeliveryStep> history = new ArrayList<>();

    protected Delivery() {
        // for JPA
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
        DeliveryStep step = new DeliveryStep(this, lastSequence, newStatus, at);
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

    public List<DeliveryStep> history() {
        return List.copyOf(history);
    }
}
