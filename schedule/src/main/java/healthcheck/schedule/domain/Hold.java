package healthcheck.schedule.domain;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Transient;
import org.springframework.data.domain.Persistable;
import org.springframework.data.relational.core.mapping.Column;
import org.springframework.data.relational.core.mapping.Table;

/**
 * The places one booking attempt took, keyed by the caller's holdId. The primary key is what makes a take
 * idempotent: two takes with the same holdId cannot both commit. A hold only ever moves HELD → RELEASED, and
 * only the transition (not the row) gives places back, so a release applies at most once.
 */
@Table("place_hold")
public class Hold implements Persistable<String> {

    /** Matches the column size; holdIds are UUID strings. */
    public static final int MAX_HOLD_ID_LENGTH = 36;

    @Id
    private String holdId;

    private long scheduleId;

    private long reservationId;

    @Column("place_count")
    private int count;

    private HoldStatus status;

    private Instant createdAt;

    private Instant releasedAt;

    // Assigned ids: see Schedule#fresh. A second insert of the same holdId must fail, never merge.
    @Transient
    private boolean fresh;

    protected Hold() {
    }

    private Hold(String holdId, long scheduleId, long reservationId, int count, HoldStatus status, Instant at) {
        if (holdId == null || holdId.isBlank() || holdId.length() > MAX_HOLD_ID_LENGTH) {
            throw new IllegalArgumentException("holdId must be 1.." + MAX_HOLD_ID_LENGTH + " characters");
        }
        this.holdId = holdId;
        this.scheduleId = scheduleId;
        this.reservationId = reservationId;
        this.count = count;
        this.status = status;
        this.createdAt = at;
        this.releasedAt = status == HoldStatus.RELEASED ? at : null;
        this.fresh = true;
    }

    /** Places taken for a booking; the schedule's count is decremented in the same transaction. */
    public static Hold held(String holdId, long scheduleId, long reservationId, int count, Instant at) {
        if (count < 1 || count > Schedule.MAX_CAPACITY) {
            throw new IllegalArgumentException("count must be between 1 and " + Schedule.MAX_CAPACITY);
        }
        return new Hold(holdId, scheduleId, reservationId, count, HoldStatus.HELD, at);
    }

    /**
     * The release arrived before the take (the failure event overtook a slow call): remember the holdId as
     * released so the late take is refused instead of taking places nobody will ever give back.
     */
    public static Hold tombstone(String holdId, long scheduleId, long reservationId, int count, Instant at) {
        return new Hold(holdId, scheduleId, reservationId, Math.max(count, 0), HoldStatus.RELEASED, at);
    }

    /**
     * Whether a retried take asks for the same thing as the one that created this hold. A holdId reused for a
     * different schedule, reservation or count is a caller bug and must not be answered as a success.
     */
    public boolean matches(long scheduleId, long reservationId, int count) {
        return this.scheduleId == scheduleId && this.reservationId == reservationId && this.count == count;
    }

    public boolean isReleased() {
        return status == HoldStatus.RELEASED;
    }

    @Override
    public String getId() {
        return holdId;
    }

    @Override
    public boolean isNew() {
        return fresh;
    }

    public String holdId() {
        return holdId;
    }

    public long scheduleId() {
        return scheduleId;
    }

    public long reservationId() {
        return reservationId;
    }

    public int count() {
        return count;
    }

    public HoldStatus status() {
        return status;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant releasedAt() {
        return releasedAt;
    }
}
