package healthcheck.schedule.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Transient;
import org.springframework.data.domain.Persistable;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A checkup slot and its places. Capacity is fixed at registration; availableCount only moves through a
 * {@link HoldTaker}'s take and {@link ScheduleRepository#giveBack}, single conditional updates that the database
 * serialises, so concurrent bookings can never take more than is there.
 */
@Table("schedule")
public class Schedule implements Persistable<Long> {

    public static final int MAX_CAPACITY = 100_000;

    @Id
    private Long scheduleId;

    private int capacity;

    private int availableCount;

    private LocalDate checkupDate;

    private LocalTime checkupTime;

    private String centre;

    private String checkupPackage;

    private Instant registeredAt;

    private String idempotencyKey;

    // The id is assigned by the admin, so Spring Data cannot tell a new schedule from a stored one by its id;
    // without this a duplicate registration would silently merge over the existing row.
    @Transient
    private boolean fresh;

    protected Schedule() {
    }

    private Schedule(long scheduleId, int capacity, LocalDate checkupDate, LocalTime checkupTime, String centre,
                     String checkupPackage, Instant registeredAt) {
        this.scheduleId = scheduleId;
        this.capacity = capacity;
        this.availableCount = capacity;
        this.checkupDate = checkupDate;
        this.checkupTime = checkupTime;
        this.centre = centre;
        this.checkupPackage = checkupPackage;
        this.registeredAt = registeredAt;
        this.fresh = true;
    }

    /** A new schedule with all its places free. */
    public static Schedule register(long scheduleId, int capacity, LocalDate checkupDate, LocalTime checkupTime,
                                    String centre, String checkupPackage, Instant at) {
        return register(scheduleId, capacity, checkupDate, checkupTime, centre, checkupPackage, at, null);
    }

    /** As {@link #register(long, int, LocalDate, LocalTime, String, String, Instant)}, under a client's retry key. */
    public static Schedule register(long scheduleId, int capacity, LocalDate checkupDate, LocalTime checkupTime,
                                    String centre, String checkupPackage, Instant at, String idempotencyKey) {
        if (scheduleId <= 0) {
            throw new IllegalArgumentException("scheduleId must be positive");
        }
        if (capacity < 1 || capacity > MAX_CAPACITY) {
            throw new IllegalArgumentException("capacity must be between 1 and " + MAX_CAPACITY);
        }
        Schedule schedule = new Schedule(scheduleId, capacity, checkupDate, checkupTime, centre, checkupPackage, at);
        schedule.idempotencyKey = idempotencyKey;
        return schedule;
    }

    /** This schedule was registered with {@code key} (never true for a null key). */
    public boolean registeredWith(String key) {
        return key != null && key.equals(idempotencyKey);
    }

    /** Whether a registration request asked for exactly this schedule: a retry of it rather than another one. */
    public boolean sameRegistration(int capacity, LocalDate checkupDate, LocalTime checkupTime, String centre,
                                    String checkupPackage) {
        return this.capacity == capacity && java.util.Objects.equals(this.checkupDate, checkupDate)
                && java.util.Objects.equals(this.checkupTime, checkupTime)
                && java.util.Objects.equals(this.centre, centre)
                && java.util.Objects.equals(this.checkupPackage, checkupPackage);
    }

    /** Whether {@code count} places could be taken right now; the authoritative check is the conditional update. */
    public boolean canTake(int count) {
        return count >= 1 && count <= availableCount;
    }

    /** The places held by live bookings: what the saga must account for (capacity = available + held). */
    public int heldCount() {
        return capacity - availableCount;
    }

    @Override
    public Long getId() {
        return scheduleId;
    }

    @Override
    public boolean isNew() {
        return fresh;
    }

    public long scheduleId() {
        return scheduleId;
    }

    public int capacity() {
        return capacity;
    }

    public int availableCount() {
        return availableCount;
    }

    public LocalDate checkupDate() {
        return checkupDate;
    }

    public LocalTime checkupTime() {
        return checkupTime;
    }

    public String centre() {
        return centre;
    }

    public String checkupPackage() {
        return checkupPackage;
    }

    public Instant registeredAt() {
        return registeredAt;
    }
}
