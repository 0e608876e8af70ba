package healthcheck.schedule.faults;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.io.IOException;
import java.time.Duration;
import java.util.regex.Pattern;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A fault switch for drills, present only with the Spring profile {@code faults} (the end-to-end tests start the
 * stack with it; production never does): {@code PUT /faults/hold-delay {"millis": 400}} makes every call to the
 * hold endpoint wait that long before schedule handles it, so a drill can make schedule slow without stopping it.
 * The gateway does not route {@code /faults}.
 */
@Component
@Profile("faults")
class HoldDelayFault extends OncePerRequestFilter {

    private static final Pattern HOLDS = Pattern.compile("^/schedules/[^/]+/holds$");

    private volatile Duration delay = Duration.ZERO;

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return delay.isZero() || !"POST".equals(request.getMethod()) || !HOLDS.matcher(request.getRequestURI()).matches();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        chain.doFilter(request, response);
    }

    Duration delay() {
        return delay;
    }

    void delay(Duration delay) {
        this.delay = delay;
    }

    @RestController
    @Profile("faults")
    @Validated
    @RequestMapping("/faults/hold-delay")
    static class Switch {

        private final HoldDelayFault fault;

        Switch(HoldDelayFault fault) {
            this.fault = fault;
        }

        @GetMapping
        Delay current() {
            return new Delay(fault.delay().toMillis());
        }

        @PutMapping
        Delay set(@RequestBody @jakarta.validation.Valid Delay delay) {
            fault.delay(Duration.ofMillis(delay.millis()));
            return delay;
        }
    }

    record Delay(@Min(0) @Max(60_000) long millis) {
    }
}
