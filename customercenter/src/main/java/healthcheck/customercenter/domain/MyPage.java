package healthcheck.customercenter.domain;

import healthcheck.events.DeliveryStatus;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.MapKeyColumn;
import jakarta.persistence.MapKeyEnumerated;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One booking and its mailing as the customer sees them, folded from the events of reservation and delivery.
 * Events arrive at least once and, across topics, in any order, so every change here is a merge that gives the
 * same page whatever the order and however often it is applied:
 * <ul>
 *   <li>a cancelled booking stays cancelled, even if its placement is applied after the cancellation;</li>
 *   <li>the mailing status follows the highest delivery sequence seen, never an older one;</li>
 *   <li>each step enters the history once, with the time it happened, not the time it was received.</li>
 * </ul>
 */
@Entity
@Table(name = "my_page")
public class MyPage {

    static final String DELIVERED_BEFORE_CANCEL_NOTE = "Mailing was already delivered when the booking was cancelled";

    @Id
    private Long reservationId;

    private String customerId;

    private Long scheduleId;

    private Integer reservationCount;

    @Enumerated(EnumType.STRING)
    private ReservationStatus reservationStatus;

    private Long deliveryId;

    @Enumerated(EnumType.STRING)
    private DeliveryStatus deliveryStatus;

    /** 0 until a mailing event is applied; delivery numbers its steps from 1. */
    private int deliverySequence;

    private String note;

    /** Reservation and delivery events for one booking are consumed concurrently; the loser retries. */
    @Version
    private Long version;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "my_page_step", joinColumns = @JoinColumn(name = "reservation_id"))
    @MapKeyEnumerated(EnumType.STRING)
    @MapKeyColumn(name = "step")
    @Column(name = "occurred_at")
    private Map<Step, Instant> steps = new HashMap<>();

    protected MyPage() {
    }

    private MyPage(long reservationId) {
        this.reservationId = reservationId;
    }

    /** A page for a reservation nothing is known about yet: whichever event comes first fills it in. */
    public static MyPage startFor(long reservationId) {
        return new MyPage(reservationId);
    }

    public void bookingPlaced(long scheduleId, int reservationCount, String customerId, Instant at) {
        describeBooking(scheduleId, reservationCount, customerId);
        if (reservationStatus == null) {
            reservationStatus = ReservationStatus.RESERVED;
        }
        steps.putIfAbsent(Step.RESERVED, at);
        refreshNote();
    }

    public void bookingCancelled(long scheduleId, int reservationCount, String customerId, Instant at) {
        describeBooking(scheduleId, reservationCount, customerId);
        reservationStatus = ReservationStatus.CANCELLED;
        steps.putIfAbsent(Step.CANCELLED, at);
        refreshNote();
    }

    public void mailingChanged(long deliveryId, DeliveryStatus status, int sequence, Instant at) {
        this.deliveryId = deliveryId;
        // A stale step is still a step that happened, so it joins the history even though it no longer decides the status.
        steps.putIfAbsent(Step.ofMailing(status), at);
        if (sequence > deliverySequence) {
            deliverySequence = sequence;
            deliveryStatus = status;
        }
        refreshNote();
    }

    /** Customers see a page once its booking is known; a mailing event alone does not make one. */
    public boolean isBookingKnown() {
        return reservationStatus != null;
    }

    private void describeBooking(long scheduleId, int reservationCount, String customerId) {
        this.scheduleId = scheduleId;
        this.reservationCount = reservationCount;
        if (customerId != null) {
            this.customerId = customerId;
        }
    }

    private void refreshNote() {
        if (reservationStatus == ReservationStatus.CANCELLED && deliveryStatus == DeliveryStatus.DELIVERED) {
            note = DELIVERED_BEFORE_CANCEL_NOTE;
        }
    }

    public long reservationId() {
        return reservationId;
    }

    public String customerId() {
        return customerId;
    }

    public Long scheduleId() {
        return scheduleId;
    }

    public Integer reservationCount() {
        return reservationCount;
    }

    public ReservationStatus reservationStatus() {
        return reservationStatus;
    }

    public Long deliveryId() {
        return deliveryId;
    }

    public DeliveryStatus deliveryStatus() {
        return deliveryStatus;
    }

    public int deliverySequence() {
        return deliverySequence;
    }

    public String note() {
        return note;
    }

    public List<HistoryEntry> history() {
        return steps.entrySet().stream()
                .map(step -> new HistoryEntry(step.getKey(), step.getValue()))
                .sorted(Comparator.comparing(HistoryEntry::at)
                        .thenComparing(entry -> entry.step().lifecycleRank()))
                .toList();
    }
}
