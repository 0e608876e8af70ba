package healthcheck.schedule.web;

import healthcheck.platform.web.PageQuery;
import healthcheck.schedule.domain.Schedule;
import healthcheck.schedule.domain.ScheduleService;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.data.domain.Sort;
import org.springframework.data.web.PagedModel;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

/** Admin registration and public reads. There is deliberately no endpoint that sets availableCount. */
@RestController
@RequestMapping(path = "/schedules", produces = MediaType.APPLICATION_JSON_VALUE)
class ScheduleController {

    private final ScheduleService schedules;

    ScheduleController(ScheduleService schedules) {
        this.schedules = schedules;
    }

    /** With an {@code Idempotency-Key}, sending the same registration again answers it instead of a 409. */
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ScheduleResponse> register(@Valid @RequestBody RegisterScheduleRequest request,
            @RequestHeader(name = "Idempotency-Key", required = false)
            @Size(min = 1, max = 255) @Pattern(regexp = "[\\x21-\\x7E]+", message = "must be printable ASCII")
            String idempotencyKey,
            UriComponentsBuilder uri) {
        Schedule schedule = schedules.register(request.scheduleId(), request.availableCount(),
                request.checkupDate(), request.checkupTime(), request.centre(), request.checkupPackage(),
                idempotencyKey);
        return ResponseEntity.created(uri.path("/schedules/{id}").build(schedule.scheduleId()))
                .body(ScheduleResponse.of(schedule));
    }

    @GetMapping("/{scheduleId}")
    ScheduleResponse get(@PathVariable @Positive long scheduleId) {
        return ScheduleResponse.of(schedules.get(scheduleId));
    }

    @GetMapping
    PagedModel<ScheduleResponse> list(@ParameterObject @Valid PageQuery page) {
        return new PagedModel<>(schedules.list(page.toPageable(Sort.by("scheduleId"))).map(ScheduleResponse::of));
    }
}
