package healthcheck.delivery.web;

import static healthcheck.events.DeliveryStatus.REQUESTED;
import static healthcheck.events.DeliveryStatus.STARTED;
import static org.hamcrest.Matchers.hasSize;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import healthcheck.delivery.domain.Deliveries;
import healthcheck.delivery.domain.DeliveryNotFoundException;
import healthcheck.delivery.domain.DeliverySnapshot;
import healthcheck.delivery.domain.IllegalTransitionException;
import healthcheck.events.DeliveryStatus;
import healthcheck.platform.web.ProblemDetailsAdvice;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

@WebMvcTest(DeliveryController.class)
@Import(ProblemDetailsAdvice.class)
class DeliveryControllerTest {

    private static final Instant T0 = Instant.parse("2026-11-01T09:00:00Z");
    private static final Instant T1 = Instant.parse("2026-11-01T10:30:00Z");

    @Autowired
    MockMvc mvc;

    @MockitoBean
    Deliveries deliveries;

    private static DeliverySnapshot requested() {
        return new DeliverySnapshot(5, 42, REQUESTED, T0, T0, List.of(new DeliverySnapshot.Step(1, REQUESTED, T0)));
    }

    private static DeliverySnapshot started() {
        return new DeliverySnapshot(5, 42, STARTED, T0, T1,
                List.of(new DeliverySnapshot.Step(1, REQUESTED, T0), new DeliverySnapshot.Step(2, STARTED, T1)));
    }

    private ResultActions putStatus(String deliveryId, MediaType type, String body) throws Exception {
        return mvc.perform(put("/deliveries/{id}/status", deliveryId).contentType(type).content(body));
    }

    private static void expectProblem(ResultActions result, int status) throws Exception {
        result.andExpect(status().is(status))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(status))
                .andExpect(jsonPath("$.title").isNotEmpty());
    }

    @Test
    void getOneAnswersTheDeliveryWithItsHistoryOfSteps() throws Exception {
        given(deliveries.get(5)).willReturn(started());

        mvc.perform(get("/deliveries/5"))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.deliveryId").value(5))
                .andExpect(jsonPath("$.reservationId").value(42))
                .andExpect(jsonPath("$.status").value("STARTED"))
                .andExpect(jsonPath("$.createdAt").value("2026-11-01T09:00:00Z"))
                .andExpect(jsonPath("$.updatedAt").value("2026-11-01T10:30:00Z"))
                .andExpect(jsonPath("$.history", hasSize(2)))
                .andExpect(jsonPath("$.history[0].status").value("REQUESTED"))
                .andExpect(jsonPath("$.history[0].at").value("2026-11-01T09:00:00Z"))
                .andExpect(jsonPath("$.history[1].status").value("STARTED"))
                .andExpect(jsonPath("$.history[1].at").value("2026-11-01T10:30:00Z"));
    }

    @Test
    void getOneOfAnUnknownIdIs404Problem() throws Exception {
        given(deliveries.get(99)).willThrow(new DeliveryNotFoundException(99));

        ResultActions result = mvc.perform(get("/deliveries/99"));

        expectProblem(result, 404);
        result.andExpect(jsonPath("$.code").value("DELIVERY_NOT_FOUND"));
    }

    @Test
    void getOneWithANonNumericIdIs400Problem() throws Exception {
        expectProblem(mvc.perform(get("/deliveries/abc")), 400);
        verify(deliveries, never()).get(anyLong());
    }

    @Test
    void listByReservationAnswersThatBookingsMailing() throws Exception {
        given(deliveries.ofReservation(42)).willReturn(List.of(requested()));

        mvc.perform(get("/deliveries").param("reservationId", "42"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$", hasSize(1)))
                .andExpect(jsonPath("$[0].deliveryId").value(5))
                .andExpect(jsonPath("$[0].reservationId").value(42))
                .andExpect(jsonPath("$[0].history[0].status").value("REQUESTED"));
    }

    @Test
    void listByAReservationWithoutMailingIsAnEmptyList() throws Exception {
        given(deliveries.ofReservation(43)).willReturn(List.of());

        mvc.perform(get("/deliveries").param("reservationId", "43"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$", hasSize(0)));
    }

    @Test
    void listWithoutReservationAnswersEveryDelivery() throws Exception {
        given(deliveries.all()).willReturn(List.of(requested(), started()));

        mvc.perform(get("/deliveries"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$", hasSize(2)));
    }

    @Test
    void listWithANonNumericReservationIdIs400Problem() throws Exception {
        expectProblem(mvc.perform(get("/deliveries").param("reservationId", "x1")), 400);
        verify(deliveries, never()).ofReservation(anyLong());
    }

    @Test
    void putStatusMovesTheDeliveryOneStepForward() throws Exception {
        given(deliveries.advance(5, STARTED)).willReturn(started());

        putStatus("5", MediaType.APPLICATION_JSON, "{\"status\":\"STARTED\"}")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("STARTED"))
                .andExpect(jsonPath("$.history", hasSize(2)));
        verify(deliveries).advance(5, STARTED);
    }

    @Test
    void putTheCurrentStatusAgainIs200Unchanged() throws Exception {
        given(deliveries.advance(5, STARTED)).willReturn(started());

        putStatus("5", MediaType.APPLICATION_JSON, "{\"status\":\"STARTED\"}")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("STARTED"));
    }

    @Test
    void putAnIllegalTransitionIs409Problem() throws Exception {
        given(deliveries.advance(5, DeliveryStatus.DELIVERED))
                .willThrow(new IllegalTransitionException(5L, REQUESTED, DeliveryStatus.DELIVERED));

        ResultActions result = putStatus("5", MediaType.APPLICATION_JSON, "{\"status\":\"DELIVERED\"}");

        expectProblem(result, 409);
        result.andExpect(jsonPath("$.code").value("ILLEGAL_TRANSITION"))
                .andExpect(jsonPath("$.currentStatus").value("REQUESTED"))
                .andExpect(jsonPath("$.requestedStatus").value("DELIVERED"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("only STARTED")));
    }

    @Test
    void putRacingAConcurrentChangeIs409Problem() throws Exception {
        given(deliveries.advance(5, STARTED)).willThrow(new OptimisticLockingFailureException("stale"));

        ResultActions result = putStatus("5", MediaType.APPLICATION_JSON, "{\"status\":\"STARTED\"}");

        expectProblem(result, 409);
        result.andExpect(jsonPath("$.code").value("CONCURRENT_CHANGE"));
    }

    @Test
    void putOnAnUnknownIdIs404Problem() throws Exception {
        given(deliveries.advance(99, STARTED)).willThrow(new DeliveryNotFoundException(99));

        ResultActions result = putStatus("99", MediaType.APPLICATION_JSON, "{\"status\":\"STARTED\"}");

        expectProblem(result, 404);
        result.andExpect(jsonPath("$.code").value("DELIVERY_NOT_FOUND"));
    }

    @Test
    void putWithANonNumericIdIs400ProblemAndChangesNothing() throws Exception {
        expectProblem(putStatus("five", MediaType.APPLICATION_JSON, "{\"status\":\"STARTED\"}"), 400);
        verify(deliveries, never()).advance(anyLong(), any());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"status\":\"LOST\"}",          // unknown status value
            "{\"status\":\"started\"}",       // status names are exact
            "{\"status\":42}",                // wrong type
            "{\"status\":null}",              // missing value
            "{}",                             // missing field
            "{\"status\":\"STARTED\"",        // malformed JSON
            "not json",
            ""})
    void putWithABadBodyIs400ProblemAndChangesNothing(String body) throws Exception {
        expectProblem(putStatus("5", MediaType.APPLICATION_JSON, body), 400);
        verify(deliveries, never()).advance(anyLong(), any());
    }

    @Test
    void putWithTheWrongContentTypeIs415ProblemAndChangesNothing() throws Exception {
        expectProblem(putStatus("5", MediaType.TEXT_PLAIN, "{\"status\":\"STARTED\"}"), 415);
        verify(deliveries, never()).advance(anyLong(), any());
    }

    @Test
    void deliveriesCannotBeCreatedOrDeletedOverHttp() throws Exception {
        expectProblem(mvc.perform(post("/deliveries").contentType(MediaType.APPLICATION_JSON)
                .content("{\"reservationId\":1}")), 405);
        expectProblem(mvc.perform(delete("/deliveries/5")), 405);
        verify(deliveries, never()).advance(anyLong(), any());
    }
}
