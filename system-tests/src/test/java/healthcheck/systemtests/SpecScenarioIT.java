package healthcheck.systemtests;

import static healthcheck.systemtests.Api.availableCount;
import static healthcheck.systemtests.Api.book;
import static healthcheck.systemtests.Api.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The spec's test scenario (section 2.4), functional requirements 1 to 8 in order, through the gateway of a
 * stack started by bin/stack. Each step builds on the one before.
 */
@Order(1)
class SpecScenarioIT {

    private static final Duration CONVERGE = Duration.ofSeconds(30);
    private static long scheduleId;
    private static long firstBooking;
    private static long secondBooking;
    private static long refusedBooking;
    private static final String CUSTOMER = Api.ALICE;

    @BeforeAll
    static void ids() {
        scheduleId = Api.newId();
        firstBooking = Api.newId();
        secondBooking = Api.newId();
        refusedBooking = Api.newId();
    }

    @Test
    @Order(1)
    void anAdminRegistersAScheduleWithItsCapacityAndCannotRegisterItTwice() {
        // as the spec sends it: `http POST :8081/schedules scheduleId=1 availableCount=100` (numbers as strings)
        Api.Response created = Api.post("/schedules",
                "{\"scheduleId\":\"%d\",\"availableCount\":\"100\",\"centre\":\"Seoul Central\"}".formatted(scheduleId));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().get("availableCount").asInt()).isEqualTo(100);

        JsonNode shown = get("/schedules/" + scheduleId).body();
        assertThat(shown.get("capacity").asInt()).isEqualTo(100);
        assertThat(shown.get("availableCount").asInt()).isEqualTo(100);

        assertThat(Api.registerSchedule(scheduleId, 5).status()).isEqualTo(409);
        assertThat(availableCount(scheduleId)).isEqualTo(100);
    }

    @Test
    @Order(2)
    void aCustomerBooksTenPlacesAndTheScheduleLosesThemAtOnce() {
        Api.Response booked = Api.post("/reservations",
                "{\"reservationId\":\"%d\",\"scheduleId\":\"%d\",\"reservationCount\":\"10\"}"
                        .formatted(firstBooking, scheduleId));
        assertThat(booked.status()).isEqualTo(201);
        assertThat(booked.header("Location")).endsWith("/reservations/" + firstBooking);
        assertThat(booked.body().get("status").asString()).isEqualTo("RESERVED");
        assertThat(booked.body().get("customerId").asString()).isEqualTo(CUSTOMER);

        assertThat(availableCount(scheduleId)).isEqualTo(90);
        assertThat(book(firstBooking, scheduleId, 1, CUSTOMER).status()).isEqualTo(409);
    }

    @Test
    @Order(3)
    void theBookingMailsTheQuestionnaireAndNotice() {
        await().atMost(CONVERGE).untilAsserted(() -> {
            Api.Response deliveries = get("/deliveries?reservationId=" + firstBooking);
            assertThat(deliveries.status()).isEqualTo(200);
            assertThat(deliveries.body().path("content")).hasSize(1);
            assertThat(deliveries.body().path("content").path(0).path("status").asString()).isEqualTo("REQUESTED");
            assertThat(deliveries.body().path("page").path("totalElements").asLong()).isEqualTo(1);
        });
        long deliveryId = get("/deliveries?reservationId=" + firstBooking).body().get("content").get(0)
                .get("deliveryId").asLong();
        assertThat(get("/deliveries/" + deliveryId).body().get("reservationId").asLong()).isEqualTo(firstBooking);
    }

    @Test
    @Order(4)
    void myPageShowsTheBookingAndItsMailing() {
        await().atMost(CONVERGE).untilAsserted(() -> {
            Api.Response page = get("/myPages/" + firstBooking);
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body().get("reservationStatus").asString()).isEqualTo("RESERVED");
            assertThat(page.body().get("deliveryStatus").asString()).isEqualTo("REQUESTED");
            assertThat(page.body().get("scheduleId").asLong()).isEqualTo(scheduleId);
            assertThat(page.body().get("reservationCount").asInt()).isEqualTo(10);
            assertThat(page.body().get("schedule").get("centre").asString()).isEqualTo("Seoul Central");
        });
    }

    @Test
    @Order(5)
    void aSecondBookingOfFiveLeavesEightyFive() {
        assertThat(book(secondBooking, scheduleId, 5, CUSTOMER).status()).isEqualTo(201);
        assertThat(availableCount(scheduleId)).isEqualTo(85);
    }

    @Test
    @Order(6)
    void bookingMorePlacesThanLeftIsRefusedAndSaysHowManyAreLeft() {
        Api.Response refused = book(refusedBooking, scheduleId, 86, CUSTOMER);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.header("Content-Type")).contains("application/problem+json");
        assertThat(refused.body().get("detail").asString()).contains("85");
        assertThat(availableCount(scheduleId)).isEqualTo(85);
        Api.Response lookup = get("/reservations/" + refusedBooking);
        assertThat(lookup.status() == 404 || !"RESERVED".equals(lookup.body().path("status").asString()))
                .as("no reserved booking exists for the refused request: %s", lookup.body()).isTrue();
    }

    @Test
    @Order(6)
    void aBookingWithBadFieldsIsRefusedNamingEachFieldAndChangesNothing() {
        Api.Response refused = Api.post("/reservations", """
                {"reservationId":-%d,"scheduleId":%d,"reservationCount":0}"""
                .formatted(refusedBooking, scheduleId));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.header("Content-Type")).contains("application/problem+json");
        assertThat(refused.body().get("code").asString()).isEqualTo("VALIDATION_FAILED");
        assertThat(refused.body().get("errors").valueStream().map(e -> e.get("field").asString()).toList())
                .containsExactly("reservationCount", "reservationId");
        assertThat(Api.get("/no-such-thing").body().get("code").asString()).isEqualTo("NO_SUCH_ENDPOINT");
        assertThat(availableCount(scheduleId)).isEqualTo(85);
    }

    @Test
    @Order(7)
    void cancellingKeepsTheRowCancelledAndRepeatingItIsHarmless() {
        Api.Response cancelled = Api.delete("/reservations/" + firstBooking);
        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.body().get("status").asString()).isEqualTo("CANCELLED");
        assertThat(cancelled.body().get("cancelledAt").isNull()).isFalse();

        Api.Response again = Api.delete("/reservations/" + firstBooking);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().get("status").asString()).isEqualTo("CANCELLED");
        assertThat(again.body().get("cancelledAt")).isEqualTo(cancelled.body().get("cancelledAt"));

        assertThat(Api.delete("/reservations/" + Api.newId()).status()).isEqualTo(404);
    }

    @Test
    @Order(8)
    void cancellingGivesThePlacesBackExactlyOnceAndCancelsTheMailing() {
        await().atMost(CONVERGE).untilAsserted(() -> assertThat(availableCount(scheduleId)).isEqualTo(95));
        await().atMost(CONVERGE).untilAsserted(() ->
                assertThat(get("/deliveries?reservationId=" + firstBooking).body().path("content").path(0)
                        .path("status").asString())
                        .isEqualTo("CANCELLED"));
        await().atMost(CONVERGE).untilAsserted(() -> {
            JsonNode page = get("/myPages/" + firstBooking).body();
            assertThat(page.get("reservationStatus").asString()).isEqualTo("CANCELLED");
            assertThat(page.get("deliveryStatus").asString()).isEqualTo("CANCELLED");
            assertThat(page.get("history").toString()).contains("RESERVED", "MAILING_REQUESTED", "CANCELLED",
                    "MAILING_CANCELLED");
        });
        // the repeated cancel above must not have given the places back twice
        assertThat(availableCount(scheduleId)).isEqualTo(95);
    }

    @Test
    @Order(9)
    void theMailingProgressesStepByStepAndMyPageFollowsIt() {
        await().atMost(CONVERGE).untilAsserted(() ->
                assertThat(Api.all("/deliveries?reservationId=" + secondBooking)).hasSize(1));
        long deliveryId = Api.all("/deliveries?reservationId=" + secondBooking).getFirst().get("deliveryId").asLong();
        for (String step : new String[] {"STARTED", "SHIPPED", "DELIVERED"}) {
            Api.Response moved = Api.put("/deliveries/" + deliveryId + "/status", "{\"status\":\"" + step + "\"}");
            assertThat(moved.status()).isEqualTo(200);
            assertThat(moved.body().get("status").asString()).isEqualTo(step);
        }
        assertThat(Api.put("/deliveries/" + deliveryId + "/status", "{\"status\":\"STARTED\"}").status())
                .isEqualTo(409);
        await().atMost(CONVERGE).untilAsserted(() -> {
            JsonNode page = get("/myPages/" + secondBooking).body();
            assertThat(page.get("deliveryStatus").asString()).isEqualTo("DELIVERED");
            assertThat(page.get("history").toString()).contains("MAILING_STARTED", "MAILING_SHIPPED",
                    "MAILING_DELIVERED");
        });
    }

    @Test
    @Order(10)
    void cancellingAfterTheMailingWasDeliveredSaysSoOnMyPageAndStillReturnsThePlaces() {
        assertThat(Api.delete("/reservations/" + secondBooking).status()).isEqualTo(200);
        await().atMost(CONVERGE).untilAsserted(() -> assertThat(availableCount(scheduleId)).isEqualTo(100));
        await().atMost(CONVERGE).untilAsserted(() -> {
            JsonNode page = get("/myPages/" + secondBooking).body();
            assertThat(page.get("reservationStatus").asString()).isEqualTo("CANCELLED");
            assertThat(page.get("deliveryStatus").asString()).isEqualTo("DELIVERED");
            assertThat(page.get("note").asString()).containsIgnoringCase("delivered");
        });
    }

    @Test
    @Order(11)
    void myPageListsEveryBookingOfTheCustomer() {
        await().atMost(CONVERGE).untilAsserted(() -> {
            List<Long> listed = Api.all("/myPages?customerId=" + CUSTOMER).stream()
                    .map(page -> page.get("reservationId").asLong()).toList();
            assertThat(listed).contains(firstBooking, secondBooking).doesNotHaveDuplicates().isSorted();
        });
    }

    @Test
    @Order(12)
    void withTokensFromTheStacksIssuerEachPersonDoesOnlyWhatTheirRoleAllows() {
        long alices = Api.newId();
        assertThat(book(alices, scheduleId, 1, CUSTOMER).status()).isEqualTo(201);
        assertThat(Api.getAs(null, "/schedules/" + scheduleId).status()).as("browsing needs no login").isEqualTo(200);
        assertThat(Api.getAs(null, "/reservations/" + alices).status()).isEqualTo(401);
        assertThat(Api.getAs(null, "/myPages/" + alices).problemCode()).isEqualTo("UNAUTHENTICATED");
        assertThat(Api.getAs(Api.BOB, "/reservations/" + alices).status())
                .as("another customer's booking does not exist for bob").isEqualTo(404);
        await().atMost(CONVERGE).until(() -> Api.getAs(CUSTOMER, "/myPages/" + alices).status() == 200);
        assertThat(Api.getAs(Api.BOB, "/myPages/" + alices).status()).isEqualTo(404);
        assertThat(Api.deleteAs(Api.BOB, "/reservations/" + alices).status()).isEqualTo(404);
        assertThat(Api.getAs(CUSTOMER, "/reservations/" + alices).body().get("status").asString())
                .as("still booked").isEqualTo("RESERVED");
        assertThat(Api.getAs(Api.BOB, "/reservations?customerId=" + CUSTOMER).status()).isEqualTo(403);
        assertThat(Api.getAs(CUSTOMER, "/deliveries?reservationId=" + alices).status())
                .as("mailings are the operator's").isEqualTo(403);
        assertThat(Api.send(CUSTOMER, HttpRequest.newBuilder(
                        URI.create(Stack.gateway() + "/schedules")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"scheduleId\":%d,\"availableCount\":5}".formatted(Api.newId())))).status())
                .as("only an admin registers schedules").isEqualTo(403);
        String forged = Stack.token(CUSTOMER);
        forged = forged.substring(0, forged.lastIndexOf('.') + 1) + "AAAA" + forged.substring(forged.lastIndexOf('.') + 5);
        assertThat(Api.send(null, HttpRequest.newBuilder(
                URI.create(Stack.gateway() + "/myPages/" + alices))
                .header("Authorization", "Bearer " + forged).GET()).status()).as("a tampered signature").isEqualTo(401);
        if (Stack.servicesPublished()) {
            assertThat(Api.send(null, HttpRequest.newBuilder(
                    URI.create(Stack.service("customercenter") + "/myPages/" + alices))
                    .header("Authorization", "Bearer " + forged).GET()).status())
                    .as("a service checks the token itself, past the gateway too").isEqualTo(401);
        }
    }

    @Test
    @Order(12)
    void theGatewayReportsEveryServiceReady() {
        Api.Response status = get("/system/status");
        assertThat(status.status()).isEqualTo(200);
        assertThat(status.body().get("status").asString()).isEqualTo("UP");
        assertThat(status.body().get("services").propertyNames())
                .contains("schedule", "reservation", "delivery", "customercenter");
    }

    @Test
    @Order(13)
    void everyServiceServesLivenessAndReadinessProbesWithoutATokenAndShowsNothingBehindThem() {
        assumeTrue(Stack.servicesPublished(),
                "in containers the probes are Docker's health checks, which bin/images verify awaits");
        for (String service : new String[] {"schedule", "reservation", "delivery", "customercenter"}) {
            for (String probe : new String[] {"liveness", "readiness"}) {
                // as the kubelet asks: no token
                Api.Response response = Api.send(null, HttpRequest.newBuilder(
                        URI.create(Stack.service(service) + "/actuator/health/" + probe)).GET());
                assertThat(response.status()).as("%s %s", service, probe).isEqualTo(200);
                assertThat(response.body().propertyNames()).as("%s %s", service, probe)
                        .contains("status").doesNotContain("components", "details");
                assertThat(response.body().get("status").asString()).isEqualTo("UP");
            }
            assertThat(Api.getAt(Stack.service(service), "/actuator/health/readiness").body()
                    .path("components").has("db")).as("%s's readiness in detail, to clinic staff", service).isTrue();
        }
    }

    @Test
    @Order(14)
    void aBookingWithoutAnIdGetsOneAssignedAndKeepsItsCustomer() {
        long schedule = Api.newId();
        assertThat(Api.registerSchedule(schedule, 3).status()).isEqualTo(201);

        Api.Response booked = Api.post("/reservations",
                "{\"scheduleId\":%d,\"reservationCount\":1}".formatted(schedule));
        assertThat(booked.status()).isEqualTo(201);
        long assigned = booked.body().get("reservationId").asLong();
        assertThat(booked.header("Location")).endsWith("/reservations/" + assigned);
        JsonNode shown = get("/reservations/" + assigned).body();
        assertThat(shown.get("status").asString()).isEqualTo("RESERVED");
        assertThat(shown.get("customerId").asString()).isEqualTo(CUSTOMER);
        assertThat(availableCount(schedule)).isEqualTo(2);
    }

    @Test
    @Order(15)
    void badInputThroughTheGatewayIsAClearProblemAndChangesNothing() {
        long schedule = Api.newId();
        assertThat(Api.registerSchedule(schedule, 5).status()).isEqualTo(201);
        String[] badBookings = {
            "{\"scheduleId\":%d,\"reservationCount\":".formatted(schedule),          // malformed JSON
            "{\"scheduleId\":%d,\"reservationCount\":0}".formatted(schedule),        // zero
            "{\"scheduleId\":%d,\"reservationCount\":-3}".formatted(schedule),       // negative
            "{\"scheduleId\":%d,\"reservationCount\":99999999999}".formatted(schedule), // absurdly large
            "{\"scheduleId\":\"abc\",\"reservationCount\":1}",                       // non-numeric id
            "{\"scheduleId\":%d}".formatted(schedule)                                  // missing count
        };
        for (String body : badBookings) {
            Api.Response refused = Api.post("/reservations", body);
            assertThat(refused.status()).as("answer to %s", body).isEqualTo(400);
            assertThat(refused.header("Content-Type")).contains("application/problem+json");
        }
        Api.Response wrongType = Api.send(CUSTOMER, HttpRequest.newBuilder(
                URI.create(Stack.gateway() + "/reservations")).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("book please")));
        assertThat(wrongType.status()).isEqualTo(415);
        assertThat(get("/reservations/not-a-number").status()).isEqualTo(400);
        for (String list : new String[] {"/schedules?size=101", "/reservations?customerId=" + CUSTOMER + "&size=0",
                "/deliveries?page=-1", "/myPages?customerId=" + CUSTOMER + "&size=ten"}) {
            Api.Response refused = get(list);
            assertThat(refused.status()).as("answer to %s", list).isEqualTo(400);
            assertThat(refused.problemCode()).as("answer to %s", list).isEqualTo("VALIDATION_FAILED");
            assertThat(refused.body().get("errors").get(0).get("field").asString()).as("answer to %s", list)
                    .isEqualTo(list.contains("page=") ? "page" : "size");
        }
        assertThat(Api.book(Api.newId(), Api.newId(), 1, CUSTOMER).status()).as("unknown schedule").isEqualTo(404);
        assertThat(Api.put("/schedules/" + schedule, "{\"availableCount\":500}").status())
                .as("nobody edits availableCount by hand").isIn(404, 405);
        assertThat(Api.post("/schedules/" + schedule + "/holds",
                "{\"holdId\":\"3f1c9a52-7a43-4c1e-9d1e-0c8a7b6d5e41\",\"reservationId\":1,\"count\":5}").status())
                .as("schedule's internal hold endpoint is not reachable from outside").isEqualTo(404);
        assertThat(availableCount(schedule)).isEqualTo(5);
    }
}
