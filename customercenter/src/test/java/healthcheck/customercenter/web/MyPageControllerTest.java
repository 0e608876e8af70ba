package healthcheck.customercenter.web;

import static healthcheck.testsupport.TestTokens.bearer;
import static healthcheck.testsupport.TestTokens.customer;
import static healthcheck.testsupport.TestTokens.operator;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import healthcheck.customercenter.domain.HistoryEntry;
import healthcheck.customercenter.domain.MyPage;
import healthcheck.customercenter.domain.MyPageView;
import healthcheck.customercenter.domain.MyPages;
import healthcheck.customercenter.domain.ScheduleDetails;
import healthcheck.events.DeliveryStatus;
import healthcheck.platform.web.ProblemDetailsAdvice;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;
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

@WebMvcTest(MyPageController.class)
@Import({ProblemDetailsAdvice.class, MyPageAccess.class})
class MyPageControllerTest {

    private static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");

    @Autowired
    MockMvc mvc;

    @MockitoBean
    MyPages myPages;

    /** Its history handed over latest first: the page still lists it in the order it happened. */
    private static MyPageView cancelledAfterDelivery() {
        MyPage page = MyPage.startFor(1);
        HistoryEntry placed = page.bookingPlaced(7, 10, "c-1", T0);
        HistoryEntry requested = page.mailingChanged(5, DeliveryStatus.REQUESTED, 1, T0.plusSeconds(1));
        HistoryEntry delivered = page.mailingChanged(5, DeliveryStatus.DELIVERED, 4, T0.plusSeconds(4));
        HistoryEntry cancelled = page.bookingCancelled(7, 10, "c-1", T0.plusSeconds(5));
        return new MyPageView(page, null, List.of(cancelled, delivered, requested, placed));
    }

    @Test
    void knownBookingAnswersItsPageWithHistoryInTimeOrder() throws Exception {
        given(myPages.find(1)).willReturn(Optional.of(cancelledAfterDelivery()));

        mvc.perform(get("/myPages/1").header("Authorization", bearer(operator())))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.reservationId").value(1))
                .andExpect(jsonPath("$.customerId").value("c-1"))
                .andExpect(jsonPath("$.scheduleId").value(7))
                .andExpect(jsonPath("$.schedule").value(nullValue()))
                .andExpect(jsonPath("$.reservationCount").value(10))
                .andExpect(jsonPath("$.reservationStatus").value("CANCELLED"))
                .andExpect(jsonPath("$.deliveryId").value(5))
                .andExpect(jsonPath("$.deliveryStatus").value("DELIVERED"))
                .andExpect(jsonPath("$.note").value("Mailing was already delivered when the booking was cancelled"))
                .andExpect(jsonPath("$.history", hasSize(4)))
                .andExpect(jsonPath("$.history[0].step").value("RESERVED"))
                .andExpect(jsonPath("$.history[0].at").value("2026-12-01T09:00:00Z"))
                .andExpect(jsonPath("$.history[1].step").value("MAILING_REQUESTED"))
                .andExpect(jsonPath("$.history[2].step").value("MAILING_DELIVERED"))
                .andExpect(jsonPath("$.history[3].step").value("CANCELLED"));
    }

    @Test
    void knownScheduleDetailsAreShownOnThePage() throws Exception {
        ScheduleDetails schedule = mock(ScheduleDetails.class);
        given(schedule.checkupDate()).willReturn(LocalDate.of(2026, 12, 1));
        given(schedule.checkupTime()).willReturn(LocalTime.of(9, 30));
        given(schedule.centre()).willReturn("Seoul Central");
        given(schedule.checkupPackage()).willReturn("basic");
        MyPage page = MyPage.startFor(3);
        HistoryEntry placed = page.bookingPlaced(7, 1, null, T0);
        given(myPages.find(3)).willReturn(Optional.of(new MyPageView(page, schedule, List.of(placed))));

        mvc.perform(get("/myPages/3").header("Authorization", bearer(operator())))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.customerId").value(nullValue()))
                .andExpect(jsonPath("$.schedule.checkupDate").value("2026-12-01"))
                .andExpect(jsonPath("$.schedule.checkupTime").value("09:30:00"))
                .andExpect(jsonPath("$.schedule.centre").value("Seoul Central"))
                .andExpect(jsonPath("$.schedule.checkupPackage").value("basic"))
                .andExpect(jsonPath("$.deliveryId").value(nullValue()))
                .andExpect(jsonPath("$.history[0].step").value("RESERVED"));
    }

    @Test
    void unknownBookingAnswers404ProblemUntilItsEventArrives() throws Exception {
        given(myPages.find(anyLong())).willReturn(Optional.empty());

        mvc.perform(get("/myPages/42").header("Authorization", bearer(operator())))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(404))
                .andExpect(jsonPath("$.code").value("MY_PAGE_NOT_FOUND"))
                .andExpect(jsonPath("$.detail", containsString("42")));
    }

    @Test
    void customersBookingsAreListedAPageAtATimeInReservationIdOrderWithTheTotals() throws Exception {
        MyPage reserved = MyPage.startFor(2);
        HistoryEntry placed = reserved.bookingPlaced(7, 5, "c-1", T0);
        given(myPages.findByCustomer(eq("c-1"), any(Pageable.class))).willAnswer(call -> new PageImpl<>(List.of(
                cancelledAfterDelivery(), new MyPageView(reserved, null, List.of(placed))),
                call.getArgument(1), 6));

        mvc.perform(get("/myPages").header("Authorization", bearer(operator()))
                .param("customerId", "c-1").param("page", "1").param("size", "2"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.content", hasSize(2)))
                .andExpect(jsonPath("$.content[0].reservationId").value(1))
                .andExpect(jsonPath("$.content[1].reservationId").value(2))
                .andExpect(jsonPath("$.content[1].reservationStatus").value("RESERVED"))
                .andExpect(jsonPath("$.content[1].deliveryStatus").value(nullValue()))
                .andExpect(jsonPath("$.page.size").value(2))
                .andExpect(jsonPath("$.page.number").value(1))
                .andExpect(jsonPath("$.page.totalElements").value(6))
                .andExpect(jsonPath("$.page.totalPages").value(3));
        verify(myPages).findByCustomer("c-1", PageRequest.of(1, 2, Sort.by("reservationId").ascending()));
    }

    @Test
    void customerWithoutBookingsGetsAnEmptyFirstPageOfTwenty() throws Exception {
        given(myPages.findByCustomer(anyString(), any(Pageable.class)))
                .willAnswer(call -> Page.empty(call.getArgument(1)));

        mvc.perform(get("/myPages").header("Authorization", bearer(operator())).param("customerId", "nobody"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.content", hasSize(0)))
                .andExpect(jsonPath("$.page.size").value(20))
                .andExpect(jsonPath("$.page.totalElements").value(0));
        verify(myPages).findByCustomer("nobody", PageRequest.of(0, 20, Sort.by("reservationId")));
    }

    @ParameterizedTest
    @CsvSource({"size, 101", "size, 0", "page, -1", "page, first"})
    void aPageParameterOutOfRangeIsABadRequestProblemNamingIt(String field, String value) throws Exception {
        mvc.perform(get("/myPages").header("Authorization", bearer(operator()))
                .param("customerId", "c-1").param(field, value))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("VALIDATION_FAILED"))
                .andExpect(jsonPath("$.errors", hasSize(1)))
                .andExpect(jsonPath("$.errors[0].field").value(field));
        verifyNoInteractions(myPages);
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "1.5", "0", "-1", "99999999999999999999"})
    void nonNumericOrNonPositiveIdIsABadRequestProblem(String id) throws Exception {
        mvc.perform(get("/myPages/{id}", id).header("Authorization", bearer(operator())))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(400));
        verifyNoInteractions(myPages);
    }

    @Test
    void aCustomerWithoutCustomerIdListsTheirOwnPages() throws Exception {
        given(myPages.findByCustomer(eq("c-1"), any(Pageable.class))).willReturn(Page.empty());
        mvc.perform(get("/myPages").header("Authorization", bearer(customer("c-1"))))
                .andExpect(status().isOk());
        verify(myPages).findByCustomer("c-1", PageRequest.of(0, 20, Sort.by("reservationId").ascending()));
    }

    @Test
    void aCustomerCannotListAnotherCustomersPages() throws Exception {
        mvc.perform(get("/myPages").param("customerId", "c-1").header("Authorization", bearer(customer("c-2"))))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.code").value("FORBIDDEN"));
        verifyNoInteractions(myPages);
    }

    @Test
    void anotherCustomersPageIsNotFoundForACustomerAndFoundForItsOwner() throws Exception {
        given(myPages.find(1)).willReturn(Optional.of(cancelledAfterDelivery()));
        mvc.perform(get("/myPages/1").header("Authorization", bearer(customer("c-2"))))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("MY_PAGE_NOT_FOUND"));
        mvc.perform(get("/myPages/1").header("Authorization", bearer(customer("c-1"))))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.customerId").value("c-1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void blankCustomerIdIsABadRequestProblem(String customerId) throws Exception {
        mvc.perform(get("/myPages").header("Authorization", bearer(operator())).param("customerId", customerId))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        verifyNoInteractions(myPages);
    }

    @Test
    void absurdlyLongCustomerIdIsABadRequestProblem() throws Exception {
        mvc.perform(get("/myPages").header("Authorization", bearer(operator())).param("customerId", "c".repeat(101)))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        verifyNoInteractions(myPages);
    }

    @Test
    void nobodyCanWriteToMyPage() throws Exception {
        mvc.perform(post("/myPages").header("Authorization", bearer(operator()))
                .contentType(MediaType.APPLICATION_JSON).content("{\"reservationId\":1}"))
                .andExpect(status().isMethodNotAllowed())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(put("/myPages/1").header("Authorization", bearer(operator()))
                .contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isMethodNotAllowed());
        mvc.perform(patch("/myPages/1").header("Authorization", bearer(operator()))
                .contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isMethodNotAllowed());
        mvc.perform(delete("/myPages/1").header("Authorization", bearer(operator())))
                .andExpect(status().isMethodNotAllowed());
        verifyNoInteractions(myPages);
    }
}
