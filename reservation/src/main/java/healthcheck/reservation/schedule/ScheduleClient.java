package healthcheck.reservation.schedule;

import org.springframework.cloud.openfeign.FeignClient;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;

/**
 * Schedule's internal hold endpoint; every call goes through the "schedule" circuit breaker, and Spring Cloud
 * LoadBalancer picks the instance (no url here: the instances are spring.cloud.discovery.client.simple's).
 */
@FeignClient(name = ScheduleClient.NAME,
        configuration = ScheduleClientConfiguration.class, fallbackFactory = ScheduleClientFallbackFactory.class)
interface ScheduleClient {

    String NAME = "schedule";

    @PostMapping(path = "/schedules/{scheduleId}/holds", consumes = "application/json", produces = "application/json")
    HoldResponse takeHold(@PathVariable("scheduleId") long scheduleId, @RequestBody HoldRequest request);

    record HoldRequest(String holdId, long reservationId, int count) {
    }

    record HoldResponse(String holdId, long scheduleId, long reservationId, int count, String status,
                        int availableCount) {
    }
}
