package healthcheck.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What a service or the gateway observes (times as metrics) while it works: the names of the observations that
 * reach the registry's handlers, that is the ones not switched off. One is attached to a running application's
 * registry, the work is done, and what was recorded is checked.
 */
public final class Observations implements ObservationHandler<Observation.Context> {

    /**
     * Observed per request, per event, per call or per scheduled run, for timers nobody reads: Spring Security's
     * filter chain, authentication and authorization, the function and channel of every event sent, the circuit
     * breaker around every call to schedule, the gateway's forward of each request as a client call, and the
     * outbox's and housekeeping's scheduled runs.
     */
    public static final List<String> SWITCHED_OFF = List.of("spring.security.", "spring.cloud.function",
            "spring.integration.", "spring.cloud.circuitbreaker", "http.client.requests", "tasks.scheduled.");

    private final List<String> names = new CopyOnWriteArrayList<>();

    private Observations() {
    }

    public static Observations attachTo(ObservationRegistry registry) {
        Observations recorded = new Observations();
        registry.observationConfig().observationHandler(recorded);
        return recorded;
    }

    @Override
    public boolean supportsContext(Observation.Context context) {
        return true;
    }

    @Override
    public void onStart(Observation.Context context) {
        names.add(context.getName());
    }

    public List<String> names() {
        return List.copyOf(names);
    }

    /** The request's own timer, http.server.requests, is kept; none of {@link #SWITCHED_OFF} was observed. */
    public void assertOnlyRequestsObserved() {
        assertThat(names()).as("observations started").contains("http.server.requests")
                .noneMatch(name -> SWITCHED_OFF.stream().anyMatch(name::startsWith));
    }
}
