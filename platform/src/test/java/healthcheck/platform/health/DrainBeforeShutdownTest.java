package healthcheck.platform.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;

class DrainBeforeShutdownTest {

    private final List<Object> published = new ArrayList<>();
    private final ApplicationEventPublisher events = published::add;

    @Test
    void aStopFirstSaysNotReadyThenKeepsServingForTheDrainBeforeTheServerMayClose() {
        DrainBeforeShutdown drain = new DrainBeforeShutdown(events, Duration.ofMillis(300));
        drain.start();

        long began = System.nanoTime();
        drain.stop();

        assertThat(published).singleElement().isInstanceOfSatisfying(AvailabilityChangeEvent.class,
                event -> assertThat(event.getState()).isEqualTo(ReadinessState.REFUSING_TRAFFIC));
        assertThat(Duration.ofNanos(System.nanoTime() - began)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(drain.isRunning()).isFalse();
    }

    @Test
    void withoutADrainTheStopChangesNothing() {
        DrainBeforeShutdown drain = new DrainBeforeShutdown(events, Duration.ZERO);
        drain.start();
        drain.stop();
        assertThat(published).isEmpty();
    }

    @Test
    void itStopsBeforeEveryOtherLifecycleIncludingTheWebServersGracefulShutdown() {
        assertThat(new DrainBeforeShutdown(events, Duration.ZERO).getPhase()).isEqualTo(Integer.MAX_VALUE);
    }
}
