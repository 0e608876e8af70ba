package healthcheck.events;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.UUID;

/** An admin registered a checkup schedule. Descriptive fields are optional (null when not given). */
public record ScheduleRegistered(UUID eventId, String type, int version, Instant occurredAt,
                                 long scheduleId, int capacity,
                                 LocalDate checkupDate, LocalTime checkupTime, String centre, String checkupPackage)
        implements IntegrationEvent {

    public static final String TYPE = "ScheduleRegistered";

    public ScheduleRegistered {
        IntegrationEvent.requireHeader(eventId, type, TYPE, version, occurredAt);
        IntegrationEvent.require(capacity > 0, "capacity must be positive");
    }

    public static ScheduleRegistered of(long scheduleId, int capacity, LocalDate checkupDate, LocalTime checkupTime,
                                        String centre, String checkupPackage) {
        return new ScheduleRegistered(TimeOrderedIds.next(), TYPE, 1, Instant.now(), scheduleId, capacity,
                checkupDate, checkupTime, centre, checkupPackage);
    }

    @Override
    public String key() {
        return Long.toString(scheduleId);
    }
}
