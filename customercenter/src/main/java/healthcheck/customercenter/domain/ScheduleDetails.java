package healthcheck.customercenter.domain;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;

/** What the customer is told about a schedule, from ScheduleRegistered. Descriptive fields may be null. */
@Entity
@Table(name = "schedule_details")
public class ScheduleDetails {

    @Id
    private Long scheduleId;

    private int capacity;

    private LocalDate checkupDate;

    private LocalTime checkupTime;

    private String centre;

    private String checkupPackage;

    private Instant registeredAt;

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
