package healthcheck.reservation.domain;

import java.time.Instant;
import java.util.Objects;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A customer's booking of places on a schedule. Each attempt to take the places carries its own holdId, which
 * schedule uses to make the take idempotent and to release exactly that hold if the attempt fails.
 */
@Table("reservation")
public class Reservation {

    @Id
    private Long reservationId;

    private long scheduleId;

    private int reservationCount;

    private String customerId;

    private ReservationStatus status;

    private String holdId;

    private Instant createdAt;

    private Instant attemptedAt;

    private Instant reservedAt;

    private Instant cancelledAt;

    private Instant failedAt;

    private String failureReason;

    // Optimistic locking: the request thread, the sweeper and a concurrent cancel may race on one row. A wrapper,
    // null until the first insert, so Spring Data sees a new booking (whose id is assigned, never null) as new and
    // inserts it; with a primitive it would take the booking for a stored one and update a row that is not there.
    @Version
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
