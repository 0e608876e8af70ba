package healthcheck.reservation.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Objects;

/**
 * A customer's booking of places on a schedule. Each attempt to take the places carries its own holdId, which
 * schedule uses to make the take idempotent and to release exactly that hold if the attempt fails.
 */
@Entity
@Table(name = "reservation")
public class Reservation {

    @Id
    @Column(name = "reservation_id")
    private Long reservationId;

    @Column(name = "schedule_id", nullable = false)
    private long scheduleId;

    @Column(name = "reservation_count", nullable = false)
    private int reservationCount;

    @Column(name = "customer_id")
    private String customerId;

    @Enumerated(EnumType.STRING)
    @Column(name = "status", nullable = false)
    private ReservationStatus status;

    @Column(name = "hold_id", nullable = false)
    private String holdId;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "attempted_at", nullable = false)
    private Instant attemptedAt;

    @Column(name = "reserved_at")
    private Instant reservedAt;

    @Column(name = "cancelled_at")
    private Instant cancelledAt;

    @Column(name = "failed_at")
    private Instant failedAt;

    @Column(name = "failure_reason")
    private String failureReason;

    // Optimistic locking: the request thread, the sweeper and a concurrent cancel may race on one row. A wrapper,
    // null until the first insert, so Spring Data sees a new booking (whose id is assigned, never null) as new and
    // inserts it; with a primitive it merged it, reading the row before every booking's insert.
    @Version
    @Column(name = "version", nullable = false)
    private Long version;

    protected Reservation() {
    }

    private Reservation(long reservationId, long scheduleId, int reservationCount, String customerId, String holdId,
                        Instant now) {
        this.reservationId = reservationId;
        this.createdAt = now;
        startAttempt(scheduleId, reservationCount, customerId, holdId, now);
    }

    public static Reservation pending(long reservationId, long scheduleId, int reservationCount, String customerId,
                                      String holdId, Instant now) {
        if (reservationId <= 0 || scheduleId <= 0 || reservationCount <= 0) {
            throw new IllegalArgumentException("ids and count must be positive");
        }
        return new Reservation(reservationId, scheduleId, reservationCount, customerId, holdId, now);
    }

    /**
     * A failed attempt booked nothing, so the customer may try the same reservationId again (the 503 asks them
     * to); the new attempt gets a new holdId, so schedule's release of the old hold cannot touch the new one.
     */
    public void retry(long scheduleId, int reservationCount, String customerId, String holdId, Instant now) {
        if (status != ReservationStatus.FAILED) {
            throw new IllegalTransitionException(reservationId, status,
                    "Reservation " + reservationId + " already exists");
        }
        startAttempt(scheduleId, reservationCount, customerId, holdId, now);
        this.failedAt = null;
        this.failureReason = null;
    }

    private void startAttempt(long scheduleId, int reservationCount, String customerId, String holdId, Instant now) {
        this.scheduleId = scheduleId;
        this.reservationCount = reservationCount;
        this.customerId = customerId;
        this.holdId = Objects.requireNonNull(holdId);
        this.status = ReservationStatus.PENDING;
        this.attemptedAt = now;
    }

    /** The places were taken under this attempt's hold. */
    public void reserve(Instant now) {
        requireStatus(ReservationStatus.PENDING, "reserve");
        this.status = ReservationStatus.RESERVED;
        this.reservedAt = now;
    }

    /** The attempt ended without a confirmed hold (timeout, schedule down, crash between the calls). */
    public void fail(String reason, Instant now) {
        requireStatus(ReservationStatus.PENDING, "fail");
        this.status = ReservationStatus.FAILED;
        this.failedAt = now;
        this.failureReason = reason == null ? null : reason.substring(0, Math.min(reason.length(), 500));
    }

    /**
     * Cancels a placed booking. Returns false when it was cancelled already: a repeated cancel changes nothing and
     * must not publish a second event.
     */
    public boolean cancel(Instant now) {
        if (status == ReservationStatus.CANCELLED) {
            return false;
        }
        requireStatus(ReservationStatus.RESERVED, "cancel");
        this.status = ReservationStatus.CANCELLED;
        this.cancelledAt = now;
        return true;
    }

    public boolean isPendingAttempt(String holdId) {
        return status == ReservationStatus.PENDING && this.holdId.equals(holdId);
    }

    private void requireStatus(ReservationStatus expected, String action) {
        if (status != expected) {
            throw new IllegalTransitionException(reservationId, status,
                    "Cannot " + action + " reservation " + reservationId + ": it is " + status);
        }
    }

    public long reservationId() {
        return reservationId;
    }

    public long scheduleId() {
        return scheduleId;
    }

    public int reservationCount() {
        return reservationCount;
    }

    public String customerId() {
        return customerId;
    }

    public ReservationStatus status() {
        return status;
    }

    public String holdId() {
        return holdId;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant attemptedAt() {
        return attemptedAt;
    }

    public Instant reservedAt() {
        return reservedAt;
    }

    public Instant cancelledAt() {
        return cancelledAt;
    }

    public Instant failedAt() {
        return failedAt;
    }

    public String failureReason() {
        return failureReason;
    }
}
