package healthcheck.gateway;

import java.util.List;
import org.springframework.test.context.DynamicPropertyRegistry;

/** The four downstream services as stubs, wired into the gateway through the variables bin/stack sets. */
final class StubServices {

    final StubService schedule = new StubService("schedule");
    final StubService reservation = new StubService("reservation");
    final StubService delivery = new StubService("delivery");
    final StubService customercenter = new StubService("customercenter");

    /** The same environment variable names bin/stack sets, to prove they are the ones that wire the routes. */
    void wire(DynamicPropertyRegistry registry) {
        registry.add("SCHEDULE_URL", schedule::url);
        registry.add("RESERVATION_URL", reservation::url);
        registry.add("DELIVERY_URL", delivery::url);
        registry.add("CUSTOMERCENTER_URL", customercenter::url);
    }

    List<StubService> all() {
        return List.of(schedule, reservation, delivery, customercenter);
    }

    void reset() {
        all().forEach(StubService::reset);
    }

    void close() {
        all().forEach(StubService::close);
    }
}
