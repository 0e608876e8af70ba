package healthcheck.gateway.status;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * @param deadLetters the dead letters waiting on every service's dead-letter topics (bin/stack dlq lists them), as
 *                    far as the services could count them; absent when none could
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SystemStatus(Overall status, Instant checkedAt, Long deadLetters, Map<String, ServiceStatus> services) {

    public enum Overall { UP, DEGRADED, DOWN }

    /**
     * @param status    the service's own readiness status (UP, OUT_OF_SERVICE, DOWN, ...) or DOWN when it
     *                  could not be asked
     * @param httpStatus what its readiness endpoint answered; absent when nothing answered
     * @param error     why it is not UP, when the gateway knows, in a fixed phrase: this summary is public, so it
     *                  names no internal URL and repeats no exception text
     * @param deadLetters dead letters waiting on the service's dead-letter topics; absent when it has none to count
     *                    or could not count them
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ServiceStatus(String status, long latencyMs, Integer httpStatus, String error,
                                Long deadLetters) {

        boolean up() {
            return "UP".equals(status);
        }

        ServiceStatus withDeadLetters(Long count) {
            return new ServiceStatus(status, latencyMs, httpStatus, error, count);
        }
    }

    static Long deadLetters(Collection<ServiceStatus> services) {
        return services.stream().map(ServiceStatus::deadLetters).filter(java.util.Objects::nonNull)
                .reduce(Long::sum).orElse(null);
    }

    static Overall overall(Collection<ServiceStatus> services) {
        long up = services.stream().filter(ServiceStatus::up).count();
        if (up == services.size()) {
            return Overall.UP;
        }
        return up == 0 ? Overall.DOWN : Overall.DEGRADED;
    }
}
