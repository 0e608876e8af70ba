package healthcheck.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** Spec 2.1: bookings are taken 24/7 even when the mailing service is down; the mailing follows later. */
@Order(4)
class DeliveryOutageIT {

    @AfterAll
    static void deliveryIsBack() {
        Stack.start("delivery");
    }

    @Test
    void withDeliveryStoppedBookingsAreAcceptedAndTheMailingAppearsOnceDeliveryIsBack() {
        long scheduleId = Api.newId();
        long reservationId = Api.newId();
        assertThat(Api.registerSchedule(scheduleId, 10).status()).isEqualTo(201);

        Stack.stop("delivery");
        Api.Response booked = Api.bookRetryingWhenToldTo(reservationId, scheduleId, 2, Api.ALICE);
        assertThat(booked.status()).isEqualTo(201);
        assertThat(Api.availableCount(scheduleId)).isEqualTo(8);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Api.Response page = Api.get("/myPages/" + reservationId);
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body().get("reservationStatus").asString()).isEqualTo("RESERVED");
            assertThat(page.body().path("deliveryStatus").isNull() || page.body().path("deliveryStatus").isMissingNode())
                    .as("no mailing yet while delivery is down: %s", page.body()).isTrue();
        });

        Stack.start("delivery");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Api.Response deliveries = Api.get("/deliveries?reservationId=" + reservationId);
            assertThat(deliveries.status()).isEqualTo(200);
            assertThat(deliveries.body().path("content")).hasSize(1);
        });
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(Api.get("/myPages/" + reservationId).body().get("deliveryStatus").asString())
                        .isEqualTo("REQUESTED"));
    }
}
