package healthcheck.schedule.web;

import static healthcheck.testsupport.TestTokens.bearer;
import static healthcheck.testsupport.TestTokens.admin;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.hasSize;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import healthcheck.platform.web.ProblemDetailsAdvice;
import healthcheck.schedule.domain.DuplicateScheduleException;
import healthcheck.schedule.domain.IdempotencyKeyReusedException;
import healthcheck.schedule.domain.Schedule;
import healthcheck.schedule.domain.ScheduleNotFoundException;
import healthcheck.schedule.domain.ScheduleService;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

@WebMvcTest(ScheduleController.class)
@Import({ProblemDetailsAdvice.class, ScheduleAccess.class})
class ScheduleControllerTest {

    @Autowired
    MockMvc mvc;

    @MockitoBean
    ScheduleService service;

    private ResultActions postJson(String json) throws Exception {
        return mvc.perform(post("/schedules").header("Authorization", bearer(admin()))
                .contentType(MediaType.APPLICATION_JSON).content(json));
    }

    private static void problem(ResultActions result, int status) throws Exception {
        result.andExpect(status().is(status))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(status));
    }

    @Test
    void registeringAScheduleAnswers201WithLocationAndTheSchedule() throws Exception {
        when(service.register(1, 100, LocalDate.of(2026, 12, 1), LocalTime.of(9, 30), "Seoul Central", "basic",
                null))
                .thenReturn(Schedule.register(1, 100, LocalDate.of(2026, 12, 1), LocalTime.of(9, 30),
                        "Seoul Central", "basic", Instant.now()));

        postJson("""
                {"scheduleId":1,"availableCount":100,"checkupDate":"2026-12-01","checkupTime":"09:30",
                 "centre":"Seoul Central","checkupPackage":"basic"}""")
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", endsWith("/schedules/1")))
                .andExpect(jsonPath("$.scheduleId").value(1))
                .andExpect(jsonPath("$.capacity").value(100))
                .andExpect(jsonPath("$.availableCount").value(100))
                .andExpect(jsonPath("$.checkupDate").value("2026-12-01"))
                .andExpect(jsonPath("$.checkupTime").value("09:30:00"))
                .andExpect(jsonPath("$.centre").value("Seoul Central"))
                .andExpect(jsonPath("$.checkupPackage").value("basic"));
    }

    @Test
    void theSpecsHttpieRequestWithNumbersAsStringsIsAccepted() throws Exception {
        when(service.register(1, 100, null, null, null, null, null))
                .thenReturn(Schedule.register(1, 100, null, null, null, null, Instant.now()));

        // `http POST :8081/schedules scheduleId=1 availableCount=100` sends both numbers as JSON strings
        postJson("{\"scheduleId\":\"1\",\"availableCount\":\"100\"}")
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.availableCount").value(100));
    }

    @Test
    void registeringWithOnlyTheSpecFieldsWorks() throws Exception {
        when(service.register(2, 10, null, null, null, null, null))
                .thenReturn(Schedule.register(2, 10, null, null, null, null, Instant.now()));

        postJson("{\"scheduleId\":2,\"availableCount\":10}")
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.capacity").value(10))
                .andExpect(jsonPath("$.checkupDate").doesNotExist());
    }

    @Test
    void registeringAnExistingScheduleIdIsAConflict() throws Exception {
        when(service.register(anyLong(), anyInt(), any(), any(), any(), any(), any()))
                .thenThrow(new DuplicateScheduleException(1));

        ResultActions result = postJson("{\"scheduleId\":1,\"availableCount\":100}");
        problem(result, 409);
        result.andExpect(jsonPath("$.code").value("DUPLICATE_SCHEDULE"));
    }

    @Test
    void aRegistrationRetriedWithItsKeyIsAnsweredAgainAndAReusedKeyIs422() throws Exception {
        when(service.register(3, 10, null, null, null, null, "key-3"))
                .thenReturn(Schedule.register(3, 10, null, null, null, null, Instant.now(), "key-3"));
        when(service.register(3, 11, null, null, null, null, "key-3"))
                .thenThrow(new IdempotencyKeyReusedException("key-3"));

        mvc.perform(post("/schedules").header("Authorization", bearer(admin()))
                .contentType(MediaType.APPLICATION_JSON).header("Idempotency-Key", "key-3")
                        .content("{\"scheduleId\":3,\"availableCount\":10}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.scheduleId").value(3));
        ResultActions reused = mvc.perform(post("/schedules").header("Authorization", bearer(admin()))
                .contentType(MediaType.APPLICATION_JSON)
                .header("Idempotency-Key", "key-3").content("{\"scheduleId\":3,\"availableCount\":11}"));
        problem(reused, 422);
        reused.andExpect(jsonPath("$.code").value("IDEMPOTENCY_KEY_REUSED"));
    }

    @Test
    void aKeyThatIsNotPrintableAsciiIsABadRequestNamingTheHeader() throws Exception {
        mvc.perform(post("/schedules").header("Authorization", bearer(admin()))
                .contentType(MediaType.APPLICATION_JSON).header("Idempotency-Key", "a b")
                        .content("{\"scheduleId\":3,\"availableCount\":10}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("VALIDATION_FAILED"))
                .andExpect(jsonPath("$.errors[0].field").value("idempotencyKey"));
        verifyNoInteractions(service);
    }

    @Test
    void malformedJsonIsABadRequestAndRegistersNothing() throws Exception {
        problem(postJson("{\"scheduleId\":1,\"availableCount\":"), 400);
        verifyNoInteractions(service);
    }

    @Test
    void aNonJsonContentTypeIsUnsupportedAndRegistersNothing() throws Exception {
        problem(mvc.perform(post("/schedules").header("Authorization", bearer(admin()))
                .contentType(MediaType.TEXT_PLAIN)
                .content("scheduleId=1&availableCount=100")), 415);
        verifyNoInteractions(service);
    }

    @Test
    void aMissingBodyIsABadRequest() throws Exception {
        problem(mvc.perform(post("/schedules").header("Authorization", bearer(admin()))
                .contentType(MediaType.APPLICATION_JSON)), 400);
        verifyNoInteractions(service);
    }

    @Test
    void aMissingAvailableCountIsABadRequest() throws Exception {
        problem(postJson("{\"scheduleId\":1}"), 400);
        verifyNoInteractions(service);
    }

    @Test
    void aMissingScheduleIdIsABadRequest() throws Exception {
        problem(postJson("{\"availableCount\":10}"), 400);
        verifyNoInteractions(service);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "100001", "2147483648", "99999999999999999999999", "1.5", "\"ten\"", "true"})
    void anAvailableCountThatIsNotAWholeNumberFrom1To100000IsABadRequest(String count) throws Exception {
        problem(postJson("{\"scheduleId\":1,\"availableCount\":" + count + "}"), 400);
        verifyNoInteractions(service);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-7", "\"abc\"", "99999999999999999999999", "1.5", "\"1x\""})
    void aScheduleIdThatIsNotAPositiveNumberIsABadRequest(String id) throws Exception {
        problem(postJson("{\"scheduleId\":" + id + ",\"availableCount\":10}"), 400);
        verifyNoInteractions(service);
    }

    @Test
    void anInvalidCheckupDateIsABadRequest() throws Exception {
        problem(postJson("{\"scheduleId\":1,\"availableCount\":10,\"checkupDate\":\"2026-13-45\"}"), 400);
        verifyNoInteractions(service);
    }

    @Test
    void gettingAScheduleShowsCapacityAndAvailableCount() throws Exception {
        when(service.get(1)).thenReturn(Schedule.register(1, 100, null, null, null, null, Instant.now()));

        mvc.perform(get("/schedules/1"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.scheduleId").value(1))
                .andExpect(jsonPath("$.capacity").value(100))
                .andExpect(jsonPath("$.availableCount").value(100));
    }

    @Test
    void gettingAnUnknownScheduleIsNotFound() throws Exception {
        when(service.get(42)).thenThrow(new ScheduleNotFoundException(42));

        ResultActions result = mvc.perform(get("/schedules/42"));
        problem(result, 404);
        result.andExpect(jsonPath("$.code").value("SCHEDULE_NOT_FOUND"));
    }

    @Test
    void gettingANonNumericScheduleIdIsABadRequest() throws Exception {
        problem(mvc.perform(get("/schedules/abc")), 400);
        verifyNoInteractions(service);
    }

    @Test
    void gettingANonPositiveScheduleIdIsABadRequest() throws Exception {
        problem(mvc.perform(get("/schedules/0")), 400);
        problem(mvc.perform(get("/schedules/-3")), 400);
        verifyNoInteractions(service);
    }

    @Test
    void listingAnswersThePageAskedForInScheduleIdOrderWithTheTotals() throws Exception {
        when(service.list(any(Pageable.class))).thenAnswer(call -> new PageImpl<>(List.of(
                Schedule.register(3, 30, null, null, null, null, Instant.now()),
                Schedule.register(4, 40, null, null, null, null, Instant.now())), call.getArgument(0), 5));

        mvc.perform(get("/schedules").param("page", "1").param("size", "2"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.content", hasSize(2)))
                .andExpect(jsonPath("$.content[0].scheduleId").value(3))
                .andExpect(jsonPath("$.content[1].capacity").value(40))
                .andExpect(jsonPath("$.page.size").value(2))
                .andExpect(jsonPath("$.page.number").value(1))
                .andExpect(jsonPath("$.page.totalElements").value(5))
                .andExpect(jsonPath("$.page.totalPages").value(3));
        verify(service).list(PageRequest.of(1, 2, Sort.by("scheduleId").ascending()));
    }

    @Test
    void listingWithoutPageParametersAsksForTheFirstTwenty() throws Exception {
        when(service.list(any(Pageable.class))).thenAnswer(call -> Page.empty(call.getArgument(0)));

        mvc.perform(get("/schedules"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.content", hasSize(0)))
                .andExpect(jsonPath("$.page.size").value(20))
                .andExpect(jsonPath("$.page.totalElements").value(0));
        verify(service).list(PageRequest.of(0, 20, Sort.by("scheduleId")));
    }

    @ParameterizedTest
    @CsvSource({"size, 101", "size, 0", "page, -1", "size, ten"})
    void aPageParameterOutOfRangeIsABadRequestNamingItAndListsNothing(String field, String value) throws Exception {
        ResultActions result = mvc.perform(get("/schedules").param(field, value));
        problem(result, 400);
        result.andExpect(jsonPath("$.code").value("VALIDATION_FAILED"))
                .andExpect(jsonPath("$.errors[0].field").value(field));
        verifyNoInteractions(service);
    }

    @Test
    void nobodyCanEditOrDeleteAScheduleByHand() throws Exception {
        problem(mvc.perform(put("/schedules/1").header("Authorization", bearer(admin()))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"availableCount\":100000}")), 405);
        problem(mvc.perform(delete("/schedules/1").header("Authorization", bearer(admin()))), 405);
        verifyNoInteractions(service);
    }
}
