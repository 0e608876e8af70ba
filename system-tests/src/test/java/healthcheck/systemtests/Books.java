package healthcheck.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * The books as the services show them after a drill, read from their lists a page at a time: a drill's thousands of
 * bookings are checked in a few dozen requests. One request per booking took minutes, and awaiting each booking on
 * its own (a poll delay per booking) took most of an hour.
 */
final class Books {

    /** Long enough for consumers that a drill stopped or starved to catch up on a busy 2-core machine. */
    private static final Duration CONVERGE = Duration.ofSeconds(180);

    /** What a customer was told about a booking: booked (201), and whether a later cancel was answered 200. */
    record Answered(String customerId, boolean cancelled) {

        String status() {
            return cancelled ? "CANCELLED" : "RESERVED";
        }

        String mailingStatus() {
            return cancelled ? "CANCELLED" : "REQUESTED";
        }
    }

    private Books() {
    }

    /**
     * Every booking a customer was answered is there, theirs, and reserved or cancelled as they were told, once the
     * services answer again after a drill.
     */
    static void assertReservationsAsAnswered(Map<Long, Answered> answered) {
        awaitEach("reservations as answered", answered, Books::reservationsOf,
                (booking, reservation) -> reservation != null
                        && reservation.get("customerId").asString().equals(booking.customerId())
                        && reservation.get("status").asString().equals(booking.status()));
    }

    /**
     * Every booking a customer was answered has, once the consumers caught up, its MyPage showing it as answered
     * and exactly one mailing, requested or cancelled with it.
     */
    static void assertMyPagesAndMailingsAsAnswered(Map<Long, Answered> answered) {
        awaitEach("MyPages as answered", answered, Books::myPagesOf,
                (booking, page) -> page != null && page.get("reservationStatus").asString().equals(booking.status()));
        await().alias("one mailing per booking, as answered").atMost(CONVERGE).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofSeconds(3)).untilAsserted(() -> {
                    Map<Long, List<JsonNode>> mailings = mailingsByReservation();
                    List<String> wrong = answered.entrySet().stream()
                            .filter(booking -> !oneMailing(mailings.get(booking.getKey()), booking.getValue()))
                            .map(booking -> booking.getKey() + "=" + mailings.get(booking.getKey()))
                            .toList();
                    assertThat(wrong).as("%d of %d bookings without exactly one mailing as answered, first few: %s",
                            wrong.size(), answered.size(), firstFew(wrong)).isEmpty();
                });
    }

    private static boolean oneMailing(List<JsonNode> mailings, Answered booking) {
        return mailings != null && mailings.size() == 1
                && mailings.getFirst().get("status").asString().equals(booking.mailingStatus());
    }

    /** Reads each customer's list until every booking of theirs is shown as answered, or the time is up. */
    private static void awaitEach(String what, Map<Long, Answered> answered,
                                  Function<String, Map<Long, JsonNode>> listOf,
                                  BiPredicate<Answered, JsonNode> shownAsAnswered) {
        Set<String> customers = answered.values().stream().map(Answered::customerId).collect(Collectors.toSet());
        await().alias(what).atMost(CONVERGE).pollDelay(Duration.ZERO).pollInterval(Duration.ofSeconds(3))
                .untilAsserted(() -> {
                    Map<Long, JsonNode> shown = new HashMap<>();
                    customers.forEach(customerId -> shown.putAll(listOf.apply(customerId)));
                    List<String> wrong = answered.entrySet().stream()
                            .filter(booking -> !shownAsAnswered.test(booking.getValue(), shown.get(booking.getKey())))
                            .map(booking -> booking.getKey() + " " + booking.getValue() + ": "
                                    + shown.get(booking.getKey()))
                            .toList();
                    assertThat(wrong).as("%s: %d of %d bookings are not, first few: %s", what, wrong.size(),
                            answered.size(), firstFew(wrong)).isEmpty();
                });
    }

    /** The customer's reservations, as reservation lists them, by reservationId. */
    static Map<Long, JsonNode> reservationsOf(String customerId) {
        return byReservationId(Api.all("/reservations?customerId=" + customerId));
    }

    /** The customer's MyPages, as customercenter lists them, by reservationId. */
    static Map<Long, JsonNode> myPagesOf(String customerId) {
        return byReservationId(Api.all("/myPages?customerId=" + customerId));
    }

    /** Every mailing delivery holds, by the reservation it is for. */
    static Map<Long, List<JsonNode>> mailingsByReservation() {
        Map<Long, List<JsonNode>> mailings = new HashMap<>();
        for (JsonNode mailing : Api.all("/deliveries")) {
            mailings.computeIfAbsent(mailing.get("reservationId").asLong(), id -> new ArrayList<>()).add(mailing);
        }
        return mailings;
    }

    /** The first few of many, enough to name a failure without printing thousands of ids. */
    private static <T> List<T> firstFew(List<T> all) {
        return all.subList(0, Math.min(all.size(), 10));
    }

    private static Map<Long, JsonNode> byReservationId(List<JsonNode> listed) {
        Map<Long, JsonNode> byId = new HashMap<>();
        listed.forEach(element -> byId.put(element.get("reservationId").asLong(), element));
        return byId;
    }
}
