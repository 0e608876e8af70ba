package healthcheck.schedule.web;

import static healthcheck.testsupport.TestTokens.bearer;
import static healthcheck.testsupport.TestTokens.client;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import healthcheck.platform.web.ProblemDetailsAdvice;
import healthcheck.schedule.domain.Hold;
import healthcheck.schedule.domain.HoldConflictException;
import healthcheck.schedule.domain.HoldReleasedException;
import healthcheck.schedule.domain.HoldResult;
import healthcheck.schedule.domain.InsufficientCapacityException;
import healthcheck.schedule.domain.ScheduleNotFoundException;
import healthcheck.schedule.domain.ScheduleService;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

@WebMvcTest(HoldController.class)
@Import({ProblemDetailsAdvice.class, ScheduleAccess.class})
class HoldControllerTest {

    private static final String HOLD_ID = UUID.randomUUID().toString();

    @Autowired
    MockMvc mvc;

    @MockitoBean
    ScheduleService service;

    private ResultActions hold(String path, String json) throws Exception {
        return mvc.perform(post(path).header("Authorization", bearer(client("reservation", "schedule.hold")))
                .contentType(MediaType.APPLICATION_JSON).content(json));
    }

    private ResultActions hold(String json) throws Exception {
        return hold("/schedules/1/holds", json);
    }

    private static String body(String holdId, Object reservationId, Object count) {
        return "{\"holdId\":\"" + holdId + "\",\"reservationId\":" + reservationId + ",\"count\":" + count + "}";
    }

    private static ResultActions problem(ResultActions result, int status) throws Exception {
        return result.andExpect(status().is(status))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(status));
    }

    @Test
    void aFirstTakeAnswers201WithTheHoldAndThePlacesLeft() throws Exception {
        when(service.hold(1, HOLD_ID, 7, 10))
                .thenReturn(new HoldResult(Hold.held(HOLD_ID, 1, 7, 10, Instant.now()), 90, true));

        hold(body(HOLD_ID, 7, 10))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.holdId").value(HOLD_ID))
                .andExpect(jsonPath("$.scheduleId").value(1))
                .andExpect(jsonPath("$.reservationId").value(7))
                .andExpect(jsonPath("$.count").value(10))
                .andExpect(jsonPath("$.status").value("HELD"))
                .andExpect(jsonPath("$.availableCount").value(90));
    }

    @Test
    void aRetriedTakeWithTheSameHoldIdAnswers200WithTheSameHold() throws Exception {
        when(service.hold(1, HOLD_ID, 7, 10))
                .thenReturn(new HoldResult(Hold.held(HOLD_ID, 1, 7, 10, Instant.now()), 90, false));

        hold(body(HOLD_ID, 7, 10))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.holdId").value(HOLD_ID))
                .andExpect(jsonPath("$.status").value("HELD"));
    }

    @Test
    void notEnoughPlacesIsAConflictSayingHowManyAreLeft() throws Exception {
        when(service.hold(1, HOLD_ID, 7, 10)).thenThrow(new InsufficientCapacityException(1, 3));

        problem(hold(body(HOLD_ID, 7, 10)), 409)
                .andExpect(jsonPath("$.title").value("Not enough places"))
                .andExpect(jsonPath("$.detail").value("Only 3 places left on schedule 1"))
                .andExpect(jsonPath("$.availableCount").value(3))
                .andExpect(jsonPath("$.code").value("INSUFFICIENT_CAPACITY"));
    }

    @Test
    void aTakeOfAReleasedHoldIsAConflict() throws Exception {
        when(service.hold(1, HOLD_ID, 7, 10)).thenThrow(new HoldReleasedException(HOLD_ID));

        problem(hold(body(HOLD_ID, 7, 10)), 409).andExpect(jsonPath("$.code").value("HOLD_RELEASED"));
    }

    @Test
    void aHoldIdReusedForADifferentTakeIsAConflict() throws Exception {
        when(service.hold(1, HOLD_ID, 7, 10)).thenThrow(new HoldConflictException(HOLD_ID));

        problem(hold(body(HOLD_ID, 7, 10)), 409).andExpect(jsonPath("$.code").value("HOLD_ID_CONFLICT"));
    }

    @Test
    void aTakeOnAnUnknownScheduleIsNotFound() throws Exception {
        when(service.hold(anyLong(), anyString(), anyLong(), anyInt())).thenThrow(new ScheduleNotFoundException(1));

        problem(hold(body(HOLD_ID, 7, 10)), 404).andExpect(jsonPath("$.code").value("SCHEDULE_NOT_FOUND"));
    }

    @Test
    void anUnreachableDatabaseIsAServiceUnavailableWithRetryAfter() throws Exception {
        when(service.hold(1, HOLD_ID, 7, 10))
                .thenThrow(new CannotCreateTransactionException("Could not open JDBC Connection for transaction"));

        problem(hold(body(HOLD_ID, 7, 10)), 503)
                .andExpect(header().string("Retry-After", "2"))
                .andExpect(jsonPath("$.code").value("STORE_UNAVAILABLE"));
    }

    @Test
    void aConnectionTheDatabaseServerTerminatedIsAServiceUnavailableNotAnInternalError() throws Exception {
        // what the transaction manager throws when PostgreSQL restarts under a commit (SQLState 57P01)
        when(service.hold(1, HOLD_ID, 7, 10)).thenThrow(new TransactionSystemException(
                "Could not commit JDBC transaction",
                new SQLException("FATAL: terminating connection due to administrator command", "57P01")));

        problem(hold(body(HOLD_ID, 7, 10)), 503)
                .andExpect(header().string("Retry-After", "2"))
                .andExpect(jsonPath("$.code").value("STORE_UNAVAILABLE"));
    }

    @Test
    void anUnforeseenFailureIsAnInternalErrorWithACodeAndWithoutItsText() throws Exception {
        when(service.hold(1, HOLD_ID, 7, 10)).thenThrow(new IllegalStateException("secret internals"));

        problem(hold(body(HOLD_ID, 7, 10)), 500)
                .andExpect(jsonPath("$.code").value("INTERNAL_ERROR"))
                .andExpect(jsonPath("$.detail").value(not(containsString("secret"))));
    }

    @Test
    void malformedJsonIsABadRequestAndTakesNothing() throws Exception {
        problem(hold("{\"holdId\":\"" + HOLD_ID + "\",\"count\":"), 400);
        verifyNoInteractions(service);
    }

    @Test
    void aNonJsonContentTypeIsUnsupportedAndTakesNothing() throws Exception {
        problem(mvc.perform(post("/schedules/1/holds")
                .header("Authorization", bearer(client("reservation", "schedule.hold")))
                .contentType(MediaType.APPLICATION_XML)
                .content("<hold/>")), 415);
        verifyNoInteractions(service);
    }

    @Test
    void aMissingCountIsABadRequest() throws Exception {
        problem(hold("{\"holdId\":\"" + HOLD_ID + "\",\"reservationId\":7}"), 400);
        verifyNoInteractions(service);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "100001", "2147483648", "99999999999999999999999", "\"ten\"", "1.5", "\"3.5\"",
            "true", "[1]"})
    void aCountThatIsNotAWholeNumberFrom1To100000IsABadRequest(String count) throws Exception {
        problem(hold(body(HOLD_ID, 7, count)), 400);
        verifyNoInteractions(service);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not-a-uuid", "123e4567-e89b-12d3-a456-4266141740000"})
    void aHoldIdThatIsNotAUuidIsABadRequest(String holdId) throws Exception {
        problem(hold(body(holdId, 7, 1)), 400);
        verifyNoInteractions(service);
    }

    @Test
    void aMissingHoldIdIsABadRequest() throws Exception {
        problem(hold("{\"reservationId\":7,\"count\":1}"), 400);
        verifyNoInteractions(service);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-2", "\"r-1\"", "null"})
    void aReservationIdThatIsNotAPositiveNumberIsABadRequest(String reservationId) throws Exception {
        problem(hold(body(HOLD_ID, reservationId, 1)), 400);
        verifyNoInteractions(service);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/schedules/abc/holds", "/schedules/0/holds", "/schedules/-1/holds"})
    void aScheduleIdInThePathThatIsNotAPositiveNumberIsABadRequest(String path) throws Exception {
        problem(hold(path, body(HOLD_ID, 7, 1)), 400);
        verifyNoInteractions(service);
    }
}
