package healthcheck.delivery.web;

import static healthcheck.testsupport.TestTokens.bearer;
import static healthcheck.testsupport.TestTokens.operator;
import static healthcheck.events.DeliveryStatus.REQUESTED;
import static healthcheck.events.DeliveryStatus.STARTED;
import static org.hamcrest.Matchers.hasSize;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
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
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

@WebMvcTest(DeliveryController.class)
@Import({ProblemDetailsAdvice.class, DeliveryAccess.class})
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
        return mvc.perform(put("/deliveries/{id}/status", deliveryId).header("Authorization", bearer(operator()))
                .contentType(type).content(body));
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

        mvc.perform(get("/deliveries/5").header("Authorization", bearer(operator())))
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

        ResultActions result = mvc.perform(get("/deliveries/99").header("Authorization", bearer(operator())));

        expectProblem(result, 404);
        result.andExpect(jsonPath("$.code").value("DELIVERY_NOT_FOUND"));
    }

    @Test
    void getOneWithANonNumericIdIs400Problem() throws Exception {
        expectProblem(mvc.perform(get("/deliveries/abc").header("Authorization", bearer(operator()))), 400);
        verify(deliveries, never()).get(anyLong());
    }

    @Test
    void listByReservationAnswersThatBookingsMailingAsAPage() throws Exception {
        given(deliveries.ofReservation(eq(42L), any(Pageable.class)))
                .willAnswer(call -> new PageImpl<>(List.of(requested()), call.getArgument(1), 1));

        mvc.perform(get("/deliveries").header("Authorization", bearer(operator())).param("reservationId", "42"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.content", hasSize(1)))
                .andExpect(jsonPath("$.content[0].deliveryId").value(5))
                .andExpect(jsonPath("$.content[0].reservationId").value(42))
                .andExpect(jsonPath("$.content[0].history[0].status").value("REQUESTED"))
                .andExpect(jsonPath("$.page.size").value(20))
                .andExpect(jsonPath("$.page.number").value(0))
                .andExpect(jsonPath("$.page.totalElements").value(1))
                .andExpect(jsonPath("$.page.totalPages").value(1));
        verify(deliveries).ofReservation(42L, PageRequest.of(0, 20, Sort.by("id")));
    }

    @Test
    void listByAReservationWithoutMailingIsAnEmptyPage() throws Exception {
        given(deliveries.ofReservation(eq(43L), any(Pageable.class)))
                .willAnswer(call -> Page.empty(call.getArgument(1)));

        mvc.perform(get("/deliveries").header("Authorization", bearer(operator())).param("reservationId", "43"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.content", hasSize(0)))
                .andExpect(jsonPath("$.page.totalElements").value(0));
    }

    @Test
    void listWithoutReservationAnswersThePageAskedForInDeliveryIdOrderWithTheTotals() throws Exception {
        given(deliveries.all(any(Pageable.class)))
                .willAnswer(call -> new PageImpl<>(List.of(requested(), started()), call.getArgument(0), 7));

        mvc.perform(get("/deliveries").header("Authorization", bearer(operator()))
                .param("page", "2").param("size", "2"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.content", hasSize(2)))
                .andExpect(jsonPath("$.content[1].status").value("STARTED"))
                .andExpect(jsonPath("$.page.size").value(2))
                .andExpect(jsonPath("$.page.number").value(2))
                .andExpect(jsonPath("$.page.totalElements").value(7))
                .andExpect(jsonPath("$.page.totalPages").value(4));
        verify(deliveries).all(PageRequest.of(2, 2, Sort.by("id").ascending()));
    }

    @ParameterizedTest
    @CsvSource({"size, 101", "size, 0", "page, -1", "size, many"})
    void listWithAPageParameterOutOfRangeIs400NamingIt(String field, String value) throws Exception {
        for (String reservationId : new String[] {null, "42"}) {
            var request = get("/deliveries").header("Authorization", bearer(operator())).param(field, value);
            if (reservationId != null) {
                request.param("reservationId", reservationId);
            }
            ResultActions result = mvc.perform(request);
            expectProblem(result, 400);
            result.andExpect(jsonPath("$.code").value("VALIDATION_FAILED"))
                    .andExpect(jsonPath("$.errors", hasSize(1)))
                    .andExpect(jsonPath("$.errors[0].field").value(field));
        }
        verifyNoInteractions(deliveries);
    }

    @Test
    void listWithANonNumericReservationIdIs400Problem() throws Exception {
        expectProblem(mvc.perform(get("/deliveries").header("Authorization", bearer(operator()))
                .param("reservationId", "x1")), 400);
        verifyNoInteractions(deliveries);
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
        expectProblem(mvc.perform(post("/deliveries").header("Authorization", bearer(operator()))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"reservationId\":1}")), 405);
        expectProblem(mvc.perform(delete("/deliveries/5").header("Authorization", bearer(operator()))), 405);
        verify(deliveries, never()).advance(anyLong(), any());
    }
}
