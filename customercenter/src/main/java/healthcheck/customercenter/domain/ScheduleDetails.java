package healthcheck.customercenter.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Transient;
import org.springframework.data.domain.Persistable;
import org.springframework.data.relational.core.mapping.Table;

/** What the customer is told about a schedule, from ScheduleRegistered. Descriptive fields may be null. */
@Table("schedule_details")
public class ScheduleDetails implements Persistable<Long> {

    @Id
    private Long scheduleId;

    private int capacity;

    private LocalDate checkupDate;

    private LocalTime checkupTime;

    private String centre;

    private String checkupPackage;

    private Instant registeredAt;

    // The scheduleId is schedule's, so Spring Data cannot tell new details from stored ones by their id: see
    // MyPage#fresh.
    @Transient
    private boolean fresh;

    protected ScheduleDetails() {
    }

    ScheduleDetails(long scheduleId, int capacity, LocalDate checkupDate, LocalTime checkupTime, String centre,
                    String checkupPackage, Instant registeredAt) {
        this.scheduleId = scheduleId;
        this.capacity = capacity;
        this.checkupDate = checkupDate;
        this.checkupTime = checkupTime;
        this.centre = centre;
        this.checkupPackage = checkupPackage;
        this.registeredAt = registeredAt;
        this.fresh = true;
    }

    /** Keeps the most recent registration, so a late, older copy cannot replace a newer one. */
    void merge(ScheduleDetails newer) {
        if (newer.registeredAt.isBefore(registeredAt)) {
            return;
        }
        capacity = newer.capacity;
        checkupDate = newer.checkupDate;
        checkupTime = newer.checkupTime;
        centre = newer.centre;
        checkupPackage = newer.checkupPackage;
        registeredAt = newer.registeredAt;
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
}
