package healthcheck.reservation.schedule;

import org.springframework.cloud.openfeign.FeignClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;

/**
 * Schedule's internal hold endpoint, and a schedule as anyone may read it; every call goes through the "schedule"
 * circuit breaker, and Spring Cloud LoadBalancer picks the instance (no url here: the instances are
 * spring.cloud.discovery.client.simple's).
 */
@FeignClient(name = ScheduleClient.NAME,
        configuration = ScheduleClientConfiguration.class, fallbackFactory = ScheduleClientFallbackFactory.class)
interface ScheduleClient {

    String NAME = "schedule";

    @PostMapping(path = "/schedules/{scheduleId}/holds", consumes = "application/json", produces = "application/json")
    HoldResponse takeHold(@PathVariable("scheduleId") long scheduleId, @RequestBody HoldRequest request);

    /** How many places are left now: a read, nothing taken. */
    @GetMapping(path = "/schedules/{scheduleId}", produces = "application/json")
    Places places(@PathVariable("scheduleId") long scheduleId);

    record HoldRequest(String holdId, long reservationId, int count) {
    }

    /** The part of schedule's answer to a read that reservation needs; the rest is left unread. */
    record Places(long scheduleId, int availableCount) {
    }

    record HoldResponse(String holdId, long scheduleId, long reservationId, int count, String status,
                        int availableCount) {
    }
}
