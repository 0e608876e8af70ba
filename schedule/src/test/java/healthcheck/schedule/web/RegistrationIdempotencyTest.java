package healthcheck.schedule.web;

import static org.assertj.core.api.Assertions.assertThat;
import static healthcheck.testsupport.TestTokens.admin;
import static healthcheck.testsupport.TestTokens.bearer;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import healthcheck.schedule.IntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;

/** An admin's registration sent again with its Idempotency-Key, on the real database: answered, never doubled. */
class RegistrationIdempotencyTest extends IntegrationTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aRegistrationSentAgainWithItsKeyIsAnsweredAgainAndRegisteredOnce() throws Exception {
        long id = freshId();
        String key = UUID.randomUUID().toString();

        int first = register(id, 40, key);
        int again = register(id, 40, key);

        assertThat(first).isEqualTo(201);
        assertThat(again).isEqualTo(201);
        assertThat(register(id, 40, null)).as("without the key it is a duplicate").isEqualTo(409);
        assertThat(register(id, 40, "another-" + key)).as("with another key too").isEqualTo(409);
        assertThat(register(id, 41, key)).as("the key with another request").isEqualTo(422);
        assertThat(register(freshId(), 40, key)).as("the key for another schedule").isEqualTo(422);
        assertThat(jdbc.queryForObject("select count(*) from schedule where schedule_id = ?", Integer.class, id))
                .isEqualTo(1);
    }

    @Test
    void concurrentRegistrationsWithOneKeyAreAllAnsweredAndRegisterOnce() throws Exception {
        long id = freshId();
        String key = UUID.randomUUID().toString();
        List<Future<Integer>> answers = new ArrayList<>();
        try (ExecutorService admins = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 6; i++) {
                answers.add(admins.submit(() -> register(id, 25, key)));
            }
        }
        for (Future<Integer> answer : answers) {
            assertThat(answer.get()).isEqualTo(201);
        }
        assertThat(jdbc.queryForObject("select available_count from schedule where schedule_id = ?", Integer.class,
                id)).isEqualTo(25);
    }

    private int register(long id, int places, String key) throws Exception {
        var request = post("/schedules").header("Authorization", bearer(admin()))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"scheduleId\":%d,\"availableCount\":%d}".formatted(id, places));
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return mvc.perform(request).andReturn().getResponse().getStatus();
    }
}
