package healthcheck.delivery.web;

import static healthcheck.testsupport.TestTokens.bearer;
import static healthcheck.testsupport.TestTokens.operator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import healthcheck.delivery.DeliveryIntegrationTest;
import healthcheck.delivery.domain.Deliveries;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Walking the pages of /deliveries on the real database: every mailing once, in deliveryId order, with its history. */
@DeliveryIntegrationTest
class DeliveryListingTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    MockMvc mvc;

    @Autowired
    Deliveries deliveries;

    private JsonNode page(String query) throws Exception {
        return JSON.readTree(mvc.perform(get("/deliveries?" + query)
                .header("Authorization", bearer(operator()))).andReturn().getResponse().getContentAsString());
    }

    @Test
    void walkingEveryPageSeesEveryMailingOnceInDeliveryIdOrderWithItsHistory() throws Exception {
        long base = ThreadLocalRandom.current().nextLong(1, 1_000_000) * 1000 + 900_000_000_000L;
        List<Long> reservations = List.of(base + 3, base + 1, base + 2);
        reservations.forEach(deliveries::requestMailing);

        List<Long> deliveryIds = new ArrayList<>();
        List<Long> reservationIds = new ArrayList<>();
        long totalElements = -1;
        for (int number = 0; ; number++) {
            JsonNode page = page("size=2&page=" + number);
            assertThat(page.get("content").size()).isLessThanOrEqualTo(2);
            page.get("content").forEach(delivery -> {
                deliveryIds.add(delivery.get("deliveryId").asLong());
                reservationIds.add(delivery.get("reservationId").asLong());
                assertThat(delivery.get("history").size()).as("history of %s", delivery).isPositive();
            });
            totalElements = page.get("page").get("totalElements").asLong();
            if (number + 1 >= page.get("page").get("totalPages").asLong()) {
                break;
            }
        }

        assertThat(deliveryIds).hasSize((int) totalElements).doesNotHaveDuplicates().isSorted();
        // requested in this order, so their deliveryIds ascend in it too
        assertThat(reservationIds).containsSubsequence(reservations);
    }

    @Test
    void aReservationsMailingIsAPageOfOneAndThePageAfterItIsEmpty() throws Exception {
        long reservationId = ThreadLocalRandom.current().nextLong(1, 1_000_000) * 1000 + 800_000_000_000L;
        deliveries.requestMailing(reservationId);

        JsonNode first = page("reservationId=" + reservationId);
        assertThat(first.get("content").size()).isEqualTo(1);
        assertThat(first.get("content").get(0).get("reservationId").asLong()).isEqualTo(reservationId);
        assertThat(first.get("page").get("totalElements").asLong()).isEqualTo(1);

        JsonNode second = page("reservationId=" + reservationId + "&page=1&size=1");
        assertThat(second.get("content").size()).isZero();
        assertThat(second.get("page").get("totalElements").asLong()).isEqualTo(1);
    }
}
