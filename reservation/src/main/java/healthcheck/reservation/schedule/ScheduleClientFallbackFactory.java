package healthcheck.reservation.schedule;

import org.springframework.cloud.openfeign.FallbackFactory;
import org.springframework.stereotype.Component;

/**
 * The circuit breaker's fallback. Business answers pass through unchanged; every technical failure (open circuit,
 * refused connection, timeout, 5xx) becomes one {@link ScheduleUnreachable} so callers handle a single case.
 */
@Component
class ScheduleClientFallbackFactory implements FallbackFactory<ScheduleClient> {

    @Override
    public ScheduleClient create(Throwable cause) {
        return new ScheduleClient() {
            @Override
            public HoldResponse takeHold(long scheduleId, HoldRequest request) {
                throw failure(cause);
            }

            @Override
            public Places places(long scheduleId) {
                throw failure(cause);
            }
        };
    }

    private static RuntimeException failure(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof ScheduleRejection rejection) {
                return rejection;
            }
        }
        return new ScheduleUnreachable(cause);
    }

    static class ScheduleUnreachable extends RuntimeException {
        ScheduleUnreachable(Throwable cause) {
            super(describe(cause), cause);
        }

        private static String describe(Throwable cause) {
            if (cause == null) {
                return "schedule unavailable";
            }
            String name = cause.getClass().getSimpleName();
            return switch (name) {
                case "CallNotPermittedException" -> "circuit to schedule is open";
                case "TimeoutException" -> "schedule did not answer in time";
                default -> "schedule unavailable: " + name + (cause.getMessage() == null ? ""
                        : " " + cause.getMessage().substring(0, Math.min(200, cause.getMessage().length())));
            };
        }
    }
}
