package healthcheck.gateway.status;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

public record SystemStatus(Overall status, Instant checkedAt, Map<String, ServiceStatus> services) {

    public enum Overall { UP, DEGRADED, DOWN }

    /**
     * @param status    the service's own readiness status (UP, OUT_OF_SERVICE, DOWN, ...) or DOWN when it
     *                  could not be asked
     * @param httpStatus what its readiness endpoint answered; absent when nothing answered
     * @param error     why it is not UP, when the gateway knows
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ServiceStatus(String status, String url, long latencyMs, Integer httpStatus, String error) {

        boolean up() {
            return "UP".equals(status);
        }
    }

    static Overall overall(Collection<ServiceStatus> services) {
        long up = services.stream().filter(ServiceStatus::up).count();
        if (up == services.size()) {
            return Overall.UP;
        }
        return up == 0 ? Overall.DOWN : Overall.DEGRADED;
    }
}
