package healthcheck.gateway.status;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import reactor.core.publisher.Mono;

@RestController
class SystemStatusController {

    private final SystemStatusService statusService;

    SystemStatusController(SystemStatusService statusService) {
        this.statusService = statusService;
    }

    /** 503 unless everything is up, so a probe or a script can read the verdict from the status code alone. */
    @GetMapping("/system/status")
    Mono<ResponseEntity<SystemStatus>> status() {
        return statusService.check().map(status -> ResponseEntity
                .status(status.status() == SystemStatus.Overall.UP ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
                .cacheControl(CacheControl.noStore())
                .body(status));
    }
}
