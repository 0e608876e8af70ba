package healthcheck.customercenter;

import static healthcheck.testsupport.TestTokens.bearer;
import static healthcheck.testsupport.TestTokens.operator;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

class OperationsIntegrationTest extends IntegrationTestSupport {

    @Autowired
    MockMvc mvc;

    @Test
    void livenessReportsTheProcessOnly() throws Exception {
        mvc.perform(get("/actuator/health/liveness").header("Authorization", bearer(operator())))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("UP"))
                .andExpect(jsonPath("$.components.livenessState.status").value("UP"))
                .andExpect(jsonPath("$.components.db").doesNotExist())
                .andExpect(jsonPath("$.components.binders").doesNotExist());
    }

    @Test
    void readinessCoversTheDatabaseButNotKafka() throws Exception {
        mvc.perform(get("/actuator/health/readiness").header("Authorization", bearer(operator())))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("UP"))
                .andExpect(jsonPath("$.components.readinessState.status").value("UP"))
                .andExpect(jsonPath("$.components.db.status").value("UP"))
                .andExpect(jsonPath("$.components.binders").doesNotExist());
    }

    @Test
    void openApiDescribesTheReadOnlyEndpoints() throws Exception {
        mvc.perform(get("/v3/api-docs").header("Authorization", bearer(operator())))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.paths['/myPages/{reservationId}'].get").exists())
                .andExpect(jsonPath("$.paths['/myPages'].get").exists())
                .andExpect(jsonPath("$.paths['/myPages'].get.parameters[*].name",
                        containsInAnyOrder("customerId", "page", "size")))
                .andExpect(jsonPath("$.paths['/myPages'].post").doesNotExist());
    }
}
