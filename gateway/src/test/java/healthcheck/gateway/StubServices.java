package healthcheck.gateway;

import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The four downstream services as stubs, wired into the gateway through the variables bin/stack sets; registered as
 * a test class's extension, they stop after its last test.
 */
final class StubServices implements AfterAllCallback {

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

    @Override
    public void afterAll(ExtensionContext context) {
        all().forEach(StubService::close);
    }
}
