package healthcheck.reservation.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import healthcheck.reservation.domain.BookingDeadline;
import healthcheck.reservation.messaging.ConsumerLagMeasured;
import healthcheck.testsupport.Crowd;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

class BookingAdmissionTest {

    private static BookingAdmission admission(int concurrency, int queue, Duration maxWait) {
        return admission(concurrency, queue, maxWait, maxWait.plusSeconds(4));
    }

    private static BookingAdmission admission(int concurrency, int queue, Duration maxWait, Duration answerWithin) {
        return new BookingAdmission(concurrency, queue, maxWait, answerWithin, 600, 150, Duration.ofSeconds(2),
                Duration.ofSeconds(1), 5,
                new StaticListableBeanFactory().getBeanProvider(io.micrometer.core.instrument.MeterRegistry.class));
    }

    @Test
    void aRushNoLargerThanTheQueueIsServedCompletelyNeverMoreThanTheLimitAtOnce() throws Exception {
        BookingAdmission admission = admission(2, 30, Duration.ofSeconds(10));
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        List<Integer> answers = Crowd.together(32, customer -> admission.admit(() -> {
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            sleep(5);
            running.decrementAndGet();
            return customer;
        }));
        assertThat(answers).doesNotContainNull(); // served, none turned away
        assertThat(mostAtOnce.get()).isEqualTo(2);
    }

    @Test
    void aBookingRunsWithADeadlineCountedFromItsArrivalNotFromItsTurn() throws Exception {
        BookingAdmission admission = admission(1, 10, Duration.ofSeconds(5), Duration.ofSeconds(12));
        assertThat(BookingDeadline.nanos()).as("outside a booking").isEmpty();
        CountDownLatch release = new CountDownLatch(1);
        try (ExecutorService customers = Executors.newVirtualThreadPerTaskExecutor()) {
            CountDownLatch firstRunning = new CountDownLatch(1);
            Future<Long> first = customers.submit(() -> admission.admit(() -> {
                firstRunning.countDown();
                await(release);
                return BookingDeadline.nanos().orElseThrow();
            }));
            assertThat(firstRunning.await(5, TimeUnit.SECONDS)).isTrue();
            long secondArrived = System.nanoTime();
            Future<Long> second = customers.submit(() -> admission.admit(() -> BookingDeadline.nanos().orElseThrow()));
            sleep(300);
            release.countDown();
            long firstDeadline = first.get(5, TimeUnit.SECONDS);
            long secondDeadline = second.get(5, TimeUnit.SECONDS);
            assertThat(Duration.ofNanos(secondDeadline - secondArrived))
                    .as("12 s from arriving, although its turn came 300 ms later")
                    .isBetween(Duration.ofSeconds(12), Duration.ofMillis(12_250));
            assertThat(secondDeadline).isGreaterThan(firstDeadline);
        }
    }

    @Test
    void anAnswerDeadlineNoLongerThanTheWaitForATurnIsRefused() {
        assertThatThrownBy(() -> admission(4, 10, Duration.ofSeconds(8), Duration.ofSeconds(8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("answer-within");
    }

    @Test
    void beyondTheQueueACustomerIsTurnedAwayAtOnce() throws Exception {
        BookingAdmission admission = admission(1, 1, Duration.ofSeconds(10));
        CountDownLatch release = new CountDownLatch(1);
        try (ExecutorService customers = Executors.newVirtualThreadPerTaskExecutor()) {
            CountDownLatch firstRunning = new CountDownLatch(1);
            Future<String> first = customers.submit(() -> admission.admit(() -> {
                firstRunning.countDown();
                await(release);
                return "first";
            }));
            firstRunning.await();
            Future<String> second = customers.submit(() -> admission.admit(() -> "second"));
            sleep(50); // the second takes its place in the queue
            assertThat(second).isNotDone();

            long started = System.nanoTime();
            assertThatThrownBy(() -> admission.admit(() -> "third")).isInstanceOf(TooBusyException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(50));

            release.countDown();
            assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("first");
            assertThat(second.get(5, TimeUnit.SECONDS)).isEqualTo("second");
        }
    }

    @Test
    void aCustomerWaitingLongerThanTheMaximumIsTurnedAwayAfterIt() throws Exception {
        BookingAdmission admission = admission(1, 5, Duration.ofMillis(100));
        CountDownLatch release = new CountDownLatch(1);
        try (ExecutorService customers = Executors.newVirtualThreadPerTaskExecutor()) {
            CountDownLatch firstRunning = new CountDownLatch(1);
            customers.submit(() -> admission.admit(() -> {
                firstRunning.countDown();
                await(release);
                return "first";
            }));
            firstRunning.await();

            long started = System.nanoTime();
            assertThatThrownBy(() -> admission.admit(() -> "second")).isInstanceOf(TooBusyException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(90),
                    Duration.ofSeconds(3));
            release.countDown();
        }
    }

    @Test
    void behindConsumersPaceBookingsEvenlySpacedAndCaughtUpOrUnmeasurableOnesDoNot() throws Exception {
        BookingAdmission admission = admission(4, 100, Duration.ofSeconds(10));
        // no booking ran before: the slowest pace, 5/s
        admission.followConsumers(new ConsumerLagMeasured(1_000, Duration.ZERO));
        assertThat(admission.pace()).isEqualTo(5);
        List<Long> starts = startsOf(11, admission);
        for (int i = 2; i < starts.size(); i++) {
            assertThat(Duration.ofNanos(starts.get(i) - starts.get(i - 2)))
                    .as("one booking in each 200 ms, not five at the start of each second")
                    .isGreaterThan(Duration.ofMillis(200));
        }

        admission.followConsumers(new ConsumerLagMeasured(150, Duration.ZERO));
        assertThat(admission.pace()).as("caught up").isZero();
        assertThat(secondsFor(15, admission)).as("15 bookings at full speed").isLessThan(1.5);

        admission.followConsumers(new ConsumerLagMeasured(10_000, Duration.ZERO));
        assertThat(admission.pace()).as("behind again").isPositive();
        admission.followConsumers(ConsumerLagMeasured.unknown());
        assertThat(admission.pace()).as("a lag that cannot be measured holds nothing back").isZero();
    }

    @Test
    void aBookingThatDoesNotAskForItsTurnIsNotHeldBack() throws Exception {
        BookingAdmission admission = admission(4, 100, Duration.ofSeconds(10));
        admission.followConsumers(new ConsumerLagMeasured(1_000, Duration.ZERO));
        assertThat(admission.pace()).isEqualTo(5);
        // as Bookings does not for a customer schedule was seen full for: 40 of them at 5 a second would take 8 s
        long started = System.nanoTime();
        Crowd.together(40, customer -> admission.admit(() -> customer));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
    }

    /**
     * When each of the given number of customers, arriving together, started being booked, in order: each asks for
     * its turn, as Bookings does before it takes places.
     */
    private static List<Long> startsOf(int customers, BookingAdmission admission) throws Exception {
        List<Long> starts = new ArrayList<>(Crowd.together(customers, customer -> admission.admit(() -> {
            admission.awaitTurn();
            return System.nanoTime();
        })));
        starts.sort(null);
        return starts;
    }

    /** How long the given number of customers, arriving together, take to be booked (5 ms each). */
    private static double secondsFor(int customers, BookingAdmission admission) throws Exception {
        long started = System.nanoTime();
        List<Integer> answers = Crowd.together(customers, customer -> admission.admit(() -> {
            admission.awaitTurn();
            sleep(5);
            return customer;
        }));
        assertThat(answers).doesNotContainNull(); // served, none turned away
        return (System.nanoTime() - started) / 1e9;
    }

    @Test
    void nonsenseLimitsAreRefusedAtStartup() {
        assertThatThrownBy(() -> admission(0, 10, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> admission(1, -1, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
