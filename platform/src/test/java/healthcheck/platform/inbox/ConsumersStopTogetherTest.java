package healthcheck.platform.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.listener.MessageListenerContainer;

class ConsumersStopTogetherTest {

    @Test
    void theStopEndsWhenTheLastContainerHasStoppedAndNotBefore() {
        List<Runnable> pending = new ArrayList<>();
        ConsumersStopTogether together = new ConsumersStopTogether();
        for (int i = 0; i < 3; i++) {
            MessageListenerContainer container = mock(MessageListenerContainer.class);
            doAnswer(call -> pending.add(call.getArgument(0))).when(container).stop(any(Runnable.class));
            together.add(container);
        }
        together.start();
        AtomicBoolean stopped = new AtomicBoolean();

        together.stop(() -> stopped.set(true));

        assertThat(pending).as("all three asked before any has stopped").hasSize(3);
        assertThat(together.isRunning()).isFalse();
        pending.get(2).run();
        pending.get(0).run();
        assertThat(stopped).as("one still stopping").isFalse();
        pending.get(1).run();
        assertThat(stopped).isTrue();
    }
}
