package healthcheck.schedule.faults;

import static healthcheck.testsupport.TestTokens.bearer;
import static healthcheck.testsupport.TestTokens.client;
import static healthcheck.testsupport.TestTokens.operator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import healthcheck.platform.web.ProblemDetailsAdvice;
import healthcheck.schedule.web.ScheduleAccess;
import healthcheck.schedule.domain.Hold;
import healthcheck.schedule.domain.HoldResult;
import healthcheck.schedule.domain.ScheduleService;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

// every controller, so the real hold endpoint sits behind the filter as it does in the service
@WebMvcTest
@ActiveProfiles("faults")
@Import({ProblemDetailsAdvice.class, ScheduleAccess.class})
class HoldDelayFaultTest {

    @Autowired
    MockMvc mvc;

    @MockitoBean
    ScheduleService service;

    @AfterEach
    void noDelay() throws Exception {
        setDelay(0);
    }

    private void setDelay(long millis) throws Exception {
        mvc.perform(put("/faults/hold-delay").header("Authorization", bearer(operator()))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"millis\":" + millis + "}")).andExpect(status().isOk());
    }

    private long millisToHold() throws Exception {
        when(service.hold(anyLong(), anyString(), anyLong(), anyInt())).thenReturn(new HoldResult(
                Hold.held("h-1", 1, 1, 1, Instant.now()), 9, true));
        long started = System.nanoTime();
        mvc.perform(post("/schedules/1/holds").header("Authorization", bearer(client("reservation", "schedule.hold")))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"holdId\":\"" + java.util.UUID.randomUUID() + "\",\"reservationId\":1,\"count\":1}"))
                .andExpect(status().isCreated());
        return (System.nanoTime() - started) / 1_000_000;
    }

    @Test
    void aDelaySwitchedOnMakesEveryHoldWaitThatLongAndSwitchedOffNoLonger() throws Exception {
        setDelay(300);
        mvc.perform(get("/faults/hold-delay").header("Authorization", bearer(operator())))
                .andExpect(jsonPath("$.millis").value(300));
        assertThat(millisToHold()).isGreaterThanOrEqualTo(300);

        setDelay(0);
        assertThat(millisToHold()).isLessThan(300);
    }

    @Test
    void aNegativeOrHugeDelayIsABadRequest() throws Exception {
        mvc.perform(put("/faults/hold-delay").header("Authorization", bearer(operator()))
                .contentType(MediaType.APPLICATION_JSON).content("{\"millis\":-1}"))
                .andExpect(status().isBadRequest());
        mvc.perform(put("/faults/hold-delay").header("Authorization", bearer(operator()))
                .contentType(MediaType.APPLICATION_JSON).content("{\"millis\":600000}"))
                .andExpect(status().isBadRequest());
    }
}
