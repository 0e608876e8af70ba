package healthcheck.platform.outbox;

import java.time.Duration;
import org.springframework.modulith.events.FailedEventPublications;
import org.springframework.modulith.events.ResubmissionOptions;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Sends again the events whose relay failed (Kafka down, broker timeout). Spring Modulith stores the failure but
 * leaves the retry policy to the application; ours is a steady, bounded sweep so a recovered broker receives the
 * backlog within seconds without a thundering herd.
 */
public class OutboxResubmitter {

    private final FailedEventPublications failedPublications;
    private final ResubmissionOptions options;

    public OutboxResubmitter(FailedEventPublications failedPublications, Duration minAge, int batchSize) {
        this.failedPublications = failedPublications;
        this.options = ResubmissionOptions.defaults().withMinAge(minAge).withBatchSize(batchSize);
    }

    @Scheduled(fixedDelayString = "${healthcheck.outbox.resubmit-interval:PT2S}",
            initialDelayString = "${healthcheck.outbox.resubmit-interval:PT2S}")
    public void resubmitFailed() {
        failedPublications.resubmit(options);
    }
}
