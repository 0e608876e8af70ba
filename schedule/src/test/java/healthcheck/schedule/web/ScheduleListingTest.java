package healthcheck.schedule.web;

import static healthcheck.testsupport.TestTokens.bearer;
import static healthcheck.testsupport.TestTokens.admin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import healthcheck.schedule.IntegrationTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Walking the pages of /schedules on the real database sees every schedule once, in scheduleId order. */
class ScheduleListingTest extends IntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    MockMvc mvc;

    @Test
    void walkingEveryPageSeesEveryScheduleOnceInScheduleIdOrder() throws Exception {
        // registered out of order, so an answer in insertion order would show
        long first = freshId();
        long second = freshId();
        long third = freshId();
        for (long id : new long[] {third, first, second}) {
            mvc.perform(post("/schedules").header("Authorization", bearer(admin()))
                    .contentType(MediaType.APPLICATION_JSON)
                    .content("{\"scheduleId\":%d,\"availableCount\":5}".formatted(id))).andExpect(status().isCreated());
        }

        List<Long> walked = new ArrayList<>();
        long totalElements = -1;
        for (int page = 0; ; page++) {
            JsonNode answer = JSON.readTree(mvc.perform(get("/schedules").param("page", String.valueOf(page))
                    .param("size", "2")).andReturn().getResponse().getContentAsString());
            answer.get("content").forEach(schedule -> walked.add(schedule.get("scheduleId").asLong()));
            totalElements = answer.get("page").get("totalElements").asLong();
            assertThat(answer.get("content").size()).isLessThanOrEqualTo(2);
            if (page + 1 >= answer.get("page").get("totalPages").asLong()) {
                break;
            }
        }

        assertThat(walked).hasSize((int) totalElements).doesNotHaveDuplicates().isSorted()
                .containsSubsequence(first, second, third);
    }
}
