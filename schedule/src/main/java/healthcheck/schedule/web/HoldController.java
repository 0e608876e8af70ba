package healthcheck.schedule.web;

import healthcheck.schedule.domain.HoldResult;
import healthcheck.schedule.domain.ScheduleService;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Positive;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Internal: reservation takes places here (OpenFeign). Retrying with the same holdId is always safe. */
@RestController
class HoldController {

    private final ScheduleService schedules;

    HoldController(ScheduleService schedules) {
        this.schedules = schedules;
    }

    @PostMapping(path = "/schedules/{scheduleId}/holds", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<HoldResponse> hold(@PathVariable @Positive long scheduleId,
                                      @Valid @RequestBody HoldRequest request) {
        HoldResult result = schedules.hold(scheduleId, request.holdId(), request.reservationId(), request.count());
        // 201 for the take, 200 for a replay: the caller can tell, but both mean "these places are yours"
        return ResponseEntity.status(result.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(HoldResponse.of(result));
    }
}
