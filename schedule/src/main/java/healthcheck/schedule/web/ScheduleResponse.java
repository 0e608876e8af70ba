package healthcheck.schedule.web;

import healthcheck.schedule.domain.Schedule;
import java.time.LocalDate;
import java.time.LocalTime;

record ScheduleResponse(long scheduleId, int capacity, int availableCount, LocalDate checkupDate,
                        LocalTime checkupTime, String centre, String checkupPackage) {

    static ScheduleResponse of(Schedule schedule) {
        return new ScheduleResponse(schedule.scheduleId(), schedule.capacity(), schedule.availableCount(),
                schedule.checkupDate(), schedule.checkupTime(), schedule.centre(), schedule.checkupPackage());
    }
}
