package healthcheck.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

/** What a service or the gateway observes of each request it serves. */
public final class Observations {

    private Observations() {
    }

    /**
     * Spring Security's own observations of each request are off (management.observations.enable.spring.security);
     * the request's own timer, http.server.requests, is not.
     */
    public static void assertSpringSecurityUnobservedWhileRequestsAre(ObservationRegistry observations) {
        Observation security = Observation.start("spring.security.filterchains", observations);
        Observation request = Observation.start("http.server.requests", observations);
        assertThat(security.isNoop()).as("spring.security.filterchains observed").isTrue();
        assertThat(request.isNoop()).as("http.server.requests observed").isFalse();
        request.stop();
    }
}
