package healthcheck.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import healthcheck.events.ReservationPlaced;
import healthcheck.platform.EventCodec;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.stream.function.StreamBridge;
import tools.jackson.databind.json.JsonMapper;

class KafkaEventRelayShutdownTest {

    private final StreamBridge streamBridge = mock(StreamBridge.class);
    private final EventCodec codec = new EventCodec(JsonMapper.builder().build());
    private final CountDownLatch sending = new CountDownLatch(1);
    private final AtomicBoolean acknowledged = new AtomicBoolean();

    private void brokerAcknowledgesAfter(Duration ackTime) {
        when(streamBridge.send(anyString(), any(Object.class))).thenAnswer(call -> {
            sending.countDown();
            Thread.sleep(ackTime);
            acknowledged.set(true);
            return true;
        });
    }

    private Thread sendInBackground(KafkaEventRelay relay) throws InterruptedException {
        Thread send = Thread.ofVirtual().start(() -> relay.relay(ReservationPlaced.of(1, 2, 1, "alice", "hold-1")));
        assertThat(sending.await(5, TimeUnit.SECONDS)).isTrue();
        return send;
    }

    @Test
    void shutdownWaitsForASendInFlightUntilKafkaAcknowledgedIt() throws InterruptedException {
        brokerAcknowledgesAfter(Duration.ofMillis(600));
        KafkaEventRelay relay = new KafkaEventRelay(streamBridge, codec, Duration.ofSeconds(10), () -> Duration.ZERO);
        relay.start();
        Thread send = sendInBackground(relay);

        relay.stop();

        assertThat(acknowledged).as("acknowledged before stop returned").isTrue();
        assertThat(relay.inFlight()).isZero();
        send.join();
    }

    @Test
    void shutdownGivesUpOnASendThatOutlastsItsWait() throws InterruptedException {
        brokerAcknowledgesAfter(Duration.ofSeconds(3));
        KafkaEventRelay relay = new KafkaEventRelay(streamBridge, codec, Duration.ofMillis(200), () -> Duration.ZERO);
        relay.start();
        Thread send = sendInBackground(relay);

        long started = System.nanoTime();
        relay.stop();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        assertThat(acknowledged).isFalse();
        assertThat(relay.inFlight()).isOne();
        send.interrupt();
    }
}
