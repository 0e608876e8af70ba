package healthcheck.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Customers booking one place at a time on one schedule through the gateway, without pause, until stopped: the load
 * the instance and rollout drills run under. Each answer is counted under "keyed" or "unkeyed" (whether the booking
 * carried an Idempotency-Key, so the gateway may repeat it), its status and problem code; a customer that also
 * reads counts "read" answers of its MyPage list.
 */
final class BookingCrowd {

    record Customer(String user, boolean withKeys, boolean reads) {
    }

    /**
     * Four customers booking and reading their MyPage, half of them without an Idempotency-Key: what met an instance
     * going away could not be repeated for them.
     */
    static final List<Customer> HALF_WITHOUT_KEYS = List.of(new Customer(Api.ALICE, true, true),
            new Customer(Api.BOB, false, true), new Customer(Api.ALICE, false, true), new Customer(Api.BOB, true, true));

    private final AtomicBoolean booking = new AtomicBoolean(true);
    private final Map<String, Integer> answers = new ConcurrentHashMap<>();
    private final Map<Long, String> booked = new ConcurrentHashMap<>();
    private final ExecutorService threads;
    private final List<Future<?>> running = new ArrayList<>();

    private BookingCrowd(Ledger ledger, long scheduleId, List<Customer> customers) {
        threads = Executors.newFixedThreadPool(customers.size());
        for (Customer customer : customers) {
            running.add(threads.submit(() -> {
                while (booking.get()) {
                    book(ledger, scheduleId, customer);
                    if (customer.reads()) {
                        count("read " + Api.getAs(customer.user(), "/myPages?page=0&size=1").status());
                    }
                }
                return null;
            }));
        }
    }

    static BookingCrowd start(Ledger ledger, long scheduleId, List<Customer> customers) {
        return new BookingCrowd(ledger, scheduleId, customers);
    }

    private void book(Ledger ledger, long scheduleId, Customer customer) {
        long reservationId = Api.newId();
        ledger.attempted(scheduleId, reservationId, 1);
        Api.Response answer = Api.postAs(customer.user(), "/reservations", """
                {"reservationId":%d,"scheduleId":%d,"reservationCount":1}""".formatted(reservationId, scheduleId),
                customer.withKeys() ? UUID.randomUUID().toString() : null);
        count((customer.withKeys() ? "keyed " : "unkeyed ") + answer.status()
                + (answer.problemCode() == null ? "" : " " + answer.problemCode()));
        if (answer.status() == 201) {
            booked.put(reservationId, customer.user());
        }
    }

    private void count(String answer) {
        answers.merge(answer, 1, Integer::sum);
    }

    /** Stops every customer after the request it is making, and waits for them. */
    void stop() throws Exception {
        booking.set(false);
        try {
            for (Future<?> customer : running) {
                customer.get(60, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdown();
        }
    }

    /** Every kind of answer with how often it came, sorted, for assertions and the log. */
    Map<String, Integer> answers() {
        return new TreeMap<>(answers);
    }

    /** The bookings answered 201, none of them cancelled, with the customer who made each. */
    Map<Long, Books.Answered> booked() {
        Map<Long, Books.Answered> answered = new HashMap<>();
        booked.forEach((reservationId, customerId) -> answered.put(reservationId, new Books.Answered(customerId, false)));
        return answered;
    }

    /**
     * Once stopped: every answer was a success (a 201 for each booking, keyed or not, a 200 for each read), and the
     * books are whole: every booking RESERVED for its customer, capacity = available + held, and every booking with
     * its MyPage and one mailing.
     */
    void assertNoRequestFailedAndTheBooksAreWhole(Ledger ledger) {
        assertThat(answers.keySet()).as("every answer: %s", answers()).containsOnly("keyed 201", "unkeyed 201", "read 200");
        assertThat(answers.get("unkeyed 201")).as("bookings without a key, which nobody may repeat").isGreaterThan(20);
        Books.assertReservationsAsAnswered(booked());
        ledger.assertCapacityConservedOnceQuiet();
        Books.assertMyPagesAndMailingsAsAnswered(booked());
    }
}
