package healthcheck.customercenter.domain;

import healthcheck.events.DeliveryStatus;
import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Transient;
import org.springframework.data.annotation.Version;
import org.springframework.data.domain.Persistable;
import org.springframework.data.relational.core.mapping.Table;

/**
 * One booking and its mailing as the customer sees them, folded from the events of reservation and delivery.
 * Events arrive at least once and, across topics, in any order, so every change here is a merge that gives the
 * same page whatever the order and however often it is applied:
 * <ul>
 *   <li>a cancelled booking stays cancelled, even if its placement is applied after the cancellation;</li>
 *   <li>the mailing status follows the highest delivery sequence seen, never an older one;</li>
 *   <li>each step enters the history once, with the time it happened, not the time it was received.</li>
 * </ul>
 * Each change returns the step it puts in the booking's history. The history is not part of the page: it only
 * grows, so {@link MyPages} appends a step unless the booking's history has it already, without reading or
 * rewriting the steps before it.
 */
@Table("my_page")
public class MyPage implements Persistable<Long> {

    static final String DELIVERED_BEFORE_CANCEL_NOTE = "Mailing was already delivered when the booking was cancelled";

    @Id
    private Long reservationId;

    private String customerId;

    private Long scheduleId;

    private Integer reservationCount;

    private ReservationStatus reservationStatus;

    private Long deliveryId;

    private DeliveryStatus deliveryStatus;

    /** 0 until a mailing event is applied; delivery numbers its steps from 1. */
    private int deliverySequence;

    private String note;

    /** Reservation and delivery events for one booking are consumed concurrently; the loser retries. */
    @Version
    private Long version;

    // The reservationId comes from the events, so the id cannot tell Spring Data whether a page is stored yet (the
    // null version would, but only while it stays a wrapper type); this does. A new page must be inserted: two first
    // events racing to create it then fail on the primary key, and the loser retries.
    @Transient
    private boolean fresh;

    protected MyPage() {
    }

    private MyPage(long reservationId) {
        this.reservationId = reservationId;
        this.fresh = true;
    }

    /** A page for a reservation nothing is known about yet: whichever event comes first fills it in. */
    public static MyPage startFor(long reservationId) {
        return new MyPage(reservationId);
    }

    public HistoryEntry bookingPlaced(long scheduleId, int reservationCount, String customerId, Instant at) {
        describeBooking(scheduleId, reservationCount, customerId);
        if (reservationStatus == null) {
            reservationStatus = ReservationStatus.RESERVED;
        }
        refreshNote();
        return new HistoryEntry(Step.RESERVED, at);
    }

    public HistoryEntry bookingCancelled(long scheduleId, int reservationCount, String customerId, Instant at) {
        describeBooking(scheduleId, reservationCount, customerId);
        reservationStatus = ReservationStatus.CANCELLED;
        refreshNote();
        return new HistoryEntry(Step.CANCELLED, at);
    }

    /** A stale step is still a step that happened: it joins the history even though it no longer decides the status. */
    public HistoryEntry mailingChanged(long deliveryId, DeliveryStatus status, int sequence, Instant at) {
        this.deliveryId = deliveryId;
        if (sequence > deliverySequence) {
            deliverySequence = sequence;
            deliveryStatus = status;
        }
        refreshNote();
        return new HistoryEntry(Step.ofMailing(status), at);
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

    @Override
    public Long getId() {
        return reservationId;
    }

    @Override
    public boolean isNew() {
        return fresh;
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
}
