package healthcheck.platform.faults;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.util.function.Supplier;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A fault switch for drills, present only with the Spring profile {@code faults} (the end-to-end tests start the
 * stack with it; production never does): {@code PUT /faults/relay-delay {"millis": 8000}} holds every outbox send
 * that long after its transaction committed, so a drill can stop or kill a service between the commit and Kafka's
 * acknowledgement. The gateway does not route {@code /faults}.
 */
public class RelayDelayFault implements Supplier<Duration> {

    private volatile Duration delay = Duration.ZERO;

    @Override
    public Duration get() {
        return delay;
    }

    @RestController
    @Validated
    @RequestMapping("/faults/relay-delay")
    public static class Switch {

        private final RelayDelayFault fault;

        public Switch(RelayDelayFault fault) {
            this.fault = fault;
        }

        @GetMapping
        Delay current() {
            return new Delay(fault.delay.toMillis());
        }

        @PutMapping
        Delay set(@RequestBody @Valid Delay delay) {
            fault.delay = Duration.ofMillis(delay.millis());
            return delay;
        }
    }

    record Delay(@Min(0) @Max(120_000) long millis) {
    }
}
