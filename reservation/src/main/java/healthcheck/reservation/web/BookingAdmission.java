package healthcheck.reservation.web;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import healthcheck.reservation.domain.BookingDeadline;
import healthcheck.reservation.domain.BookingPace;
import healthcheck.reservation.messaging.ConsumerLagMeasured;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
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
 * <p>
 * <b>Holding back for the consumers.</b> A booking is not done for the customer when it is 201: its mailing and
 * its MyPage are made by delivery and customercenter from its events. On a machine the booking path saturates,
 * those consumers get only what it leaves them (bin/stack runs them at a lower priority, so that the answers come
 * first), and minutes of saturation left MyPage minutes behind. So while the worst live consumer is behind
 * ({@link ConsumerLagMeasured}), bookings take places no faster than {@link ConsumerPace} allows (a Resilience4j
 * rate limiter, asked by the booking inside its turn, so the waiting customers keep their order: {@link BookingPace}).
 * Customers then wait in the queue or are told to come back (503 TOO_BUSY), which is honest, where a 201 whose MyPage
 * shows it minutes later is not. A customer schedule was already seen full for is told so without waiting: that
 * answer makes no events, and a rush's crowd must hear "full" at once whatever the consumers' lag. A dead consumer or
 * an unreachable Kafka holds nothing back (ConsumerLag).
 */
@Component
class BookingAdmission implements BookingPace {

    static final String NAME = "bookings";

    private static final Logger log = LoggerFactory.getLogger(BookingAdmission.class);

    private final Bulkhead door;
    private final Bulkhead turnstile;
    private final Duration answerWithin;
    private final ConsumerPace consumerPace;
    /** Set by the lag's polling thread, null while nothing is held back; read by every booking. */
    private volatile Paced paced;
    private final AtomicLong started = new AtomicLong();
    private long startedAtLastLag;
    private long lastLagNanos = System.nanoTime();

    BookingAdmission(@Value("${healthcheck.reservation.admission.concurrency:4}") int concurrency,
                     @Value("${healthcheck.reservation.admission.queue:1000}") int queue,
                     @Value("${healthcheck.reservation.admission.max-wait:8s}") Duration maxWait,
                     @Value("${healthcheck.reservation.admission.answer-within:12s}") Duration answerWithin,
                     @Value("${healthcheck.reservation.admission.consumer-lag-high:600}") long lagHigh,
                     @Value("${healthcheck.reservation.admission.consumer-lag-low:150}") long lagLow,
                     @Value("${healthcheck.reservation.admission.consumer-wait-high:10s}") Duration waitHigh,
                     @Value("${healthcheck.reservation.admission.consumer-wait-low:1s}") Duration waitLow,
                     @Value("${healthcheck.reservation.admission.slowest-pace:5}") double slowestPace,
                     ObjectProvider<MeterRegistry> meters) {
        if (concurrency < 1 || queue < 0 || maxWait.isNegative() || answerWithin.compareTo(maxWait) <= 0) {
            throw new IllegalArgumentException("booking admission needs concurrency >= 1, queue >= 0, a max-wait "
                    + ">= 0 and an answer-within longer than it; got " + concurrency + ", " + queue + ", " + maxWait
                    + ", " + answerWithin);
        }
        this.answerWithin = answerWithin;
        this.consumerPace = new ConsumerPace(new ConsumerPace.Marks(lagHigh, lagLow, waitHigh, waitLow), slowestPace);
        BulkheadRegistry bulkheads = BulkheadRegistry.ofDefaults();
        door = bulkheads.bulkhead(NAME + "-admitted", BulkheadConfig.custom()
                .maxConcurrentCalls(concurrency + queue).maxWaitDuration(Duration.ZERO).build());
        turnstile = bulkheads.bulkhead(NAME + "-running", BulkheadConfig.custom()
                .maxConcurrentCalls(concurrency).maxWaitDuration(maxWait).fairCallHandlingStrategyEnabled(true)
                .build());
        meters.ifAvailable(registry -> {
            TaggedBulkheadMetrics.ofBulkheadRegistry(bulkheads).bindTo(registry);
            Gauge.builder("healthcheck.reservation.admission.pace", this, BookingAdmission::pace)
                    .description("bookings per second allowed while consumers are behind; 0 when not held back")
                    .register(registry);
        });
    }

    /** Follows the consumers' lag, on the polling thread. */
    @EventListener
    void followConsumers(ConsumerLagMeasured lag) {
        long now = System.nanoTime();
        long startedNow = started.get();
        double bookingsPerSecond = (startedNow - startedAtLastLag) * 1e9 / Math.max(1, now - lastLagNanos);
        startedAtLastLag = startedNow;
        lastLagNanos = now;
        int perSecond = (int) Math.ceil(consumerPace.follow(lag, bookingsPerSecond));
        Paced current = paced;
        if (perSecond == 0) {
            if (current != null) {
                log.info("Consumers are {} events behind, the oldest waiting {} ms: bookings run at full speed again",
                        lag.worst(), lag.oldest().toMillis());
                paced = null;
            }
        } else if (current == null) {
            log.info("Consumers are {} events behind, the oldest waiting {} ms: at most {} bookings a second start "
                    + "until they catch up", lag.worst(), lag.oldest().toMillis(), perSecond);
            paced = new Paced(perSecond);
        } else if (perSecond != current.perSecond()) {
            log.info("Consumers are {} events behind, the oldest waiting {} ms: at most {} bookings a second",
                    lag.worst(), lag.oldest().toMillis(), perSecond);
            paced = new Paced(perSecond);
        }
    }

    /**
     * The pace, asked by the booking itself once it is about to take places (so not by one that schedule was seen
     * full for): inside its turn, so the customers waiting keep their order.
     */
    @Override
    public void awaitTurn() {
        Paced current = paced;
        if (current != null) {
            RateLimiter.waitForPermission(current.limiter());
        }
        started.incrementAndGet();
    }

    /** The bookings per second allowed now, or 0 when they are not held back. */
    int pace() {
        Paced current = paced;
        return current == null ? 0 : current.perSecond();
    }

    /** Runs the booking when its turn comes; throws {@link TooBusyException} when it is turned away. */
    <T> T admit(Supplier<T> booking) {
        long deadline = System.nanoTime() + answerWithin.toNanos();
        try {
            return door.executeSupplier(() -> turnstile.executeSupplier(
                    () -> BookingDeadline.within(deadline, booking)));
        } catch (BulkheadFullException | RequestNotPermitted full) {
            throw new TooBusyException(full);
        }
    }

    /**
     * A pace and the rate limiter that keeps it: one permit every 1/perSecond of a second, so the bookings start
     * evenly spaced. A limiter of perSecond permits each second hands them all out at the second's start and makes
     * the rest of the turnstile wait for the next one: up to a second for a customer who came at the wrong moment.
     * A new limiter for each new pace (Resilience4j can change a limiter's permits, not its period); a booking
     * already waiting on the old one gets its permit within the old period. Only the turnstile's few running
     * bookings ever wait here, so two seconds leave room for a slow machine.
     */
    private record Paced(int perSecond, RateLimiter limiter) {

        Paced(int perSecond) {
            this(perSecond, RateLimiter.of(NAME + "-paced", RateLimiterConfig.custom()
                    .limitRefreshPeriod(Duration.ofNanos(1_000_000_000L / perSecond)).limitForPeriod(1)
                    .timeoutDuration(Duration.ofSeconds(2)).build()));
        }
    }
}
