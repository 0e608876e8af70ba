package healthcheck.reservation.web;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import healthcheck.reservation.domain.BookingDeadline;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Admission control in front of the whole booking: at most {@code concurrency} bookings run at once; the next
 * {@code queue} wait for their turn, first come first served, for at most {@code maxWait}; anyone beyond that is
 * refused at once ({@link TooBusyException}, answered 503 with Retry-After). A rush of customers is therefore
 * served in arrival order at the machine's pace, and sustained overload is shed at the door instead of making
 * every booking slow, which is what made the circuit breaker open on a healthy schedule.
 * <p>
 * Two Resilience4j semaphore bulkheads rather than hand-written queueing: the outer one bounds how many may be in
 * the building (running or waiting) and never waits; the inner one is the fair turnstile. A fixed limit rather than
 * an adaptive one (Netflix concurrency-limits): the cost of a booking is known and the limit is measured by
 * bin/bench, while a latency-driven limit on two cores shared with the load generator chases noise.
 * <p>
 * Every admitted booking runs with a {@link BookingDeadline} of {@code answerWithin} from its arrival (below the
 * gateway's 15 s), so what it did not spend waiting for its turn it may spend getting schedule's answer.
 */
@Component
class BookingAdmission {

    static final String NAME = "bookings";

    private final Bulkhead door;
    private final Bulkhead turnstile;
    private final Duration answerWithin;

    BookingAdmission(@Value("${healthcheck.reservation.admission.concurrency:4}") int concurrency,
                     @Value("${healthcheck.reservation.admission.queue:1000}") int queue,
                     @Value("${healthcheck.reservation.admission.max-wait:8s}") Duration maxWait,
                     @Value("${healthcheck.reservation.admission.answer-within:12s}") Duration answerWithin,
                     ObjectProvider<MeterRegistry> meters) {
        if (concurrency < 1 || queue < 0 || maxWait.isNegative() || answerWithin.compareTo(maxWait) <= 0) {
            throw new IllegalArgumentException("booking admission needs concurrency >= 1, queue >= 0, a max-wait "
                    + ">= 0 and an answer-within longer than it; got " + concurrency + ", " + queue + ", " + maxWait
                    + ", " + answerWithin);
        }
        this.answerWithin = answerWithin;
        BulkheadRegistry bulkheads = BulkheadRegistry.ofDefaults();
        door = bulkheads.bulkhead(NAME + "-admitted", BulkheadConfig.custom()
                .maxConcurrentCalls(concurrency + queue).maxWaitDuration(Duration.ZERO).build());
        turnstile = bulkheads.bulkhead(NAME + "-running", BulkheadConfig.custom()
                .maxConcurrentCalls(concurrency).maxWaitDuration(maxWait).fairCallHandlingStrategyEnabled(true)
                .build());
        meters.ifAvailable(registry -> TaggedBulkheadMetrics.ofBulkheadRegistry(bulkheads).bindTo(registry));
    }

    /** Runs the booking when its turn comes; throws {@link TooBusyException} when it is turned away. */
    <T> T admit(Supplier<T> booking) {
        long deadline = System.nanoTime() + answerWithin.toNanos();
        try {
            return door.executeSupplier(
                    () -> turnstile.executeSupplier(() -> BookingDeadline.within(deadline, booking)));
        } catch (BulkheadFullException full) {
            throw new TooBusyException(full);
        }
    }
}
