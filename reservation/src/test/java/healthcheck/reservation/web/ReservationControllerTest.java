package healthcheck.reservation.web;

import static healthcheck.testsupport.TestTokens.bearer;
import static healthcheck.testsupport.TestTokens.customer;
import static healthcheck.testsupport.TestTokens.operator;
import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import healthcheck.platform.web.ProblemDetailsAdvice;
import healthcheck.reservation.domain.BookingInProgressException;
import healthcheck.reservation.domain.Bookings;
import healthcheck.reservation.domain.DuplicateReservationException;
import healthcheck.reservation.domain.IdempotencyKeyReusedException;
import healthcheck.reservation.domain.IllegalTransitionException;
import healthcheck.reservation.domain.NewReservation;
import healthcheck.reservation.domain.Reservation;
import healthcheck.reservation.domain.ReservationNotFoundException;
import healthcheck.reservation.domain.ReservationStatus;
import healthcheck.reservation.domain.ScheduleHolds.HoldReleasedException;
import healthcheck.reservation.domain.ScheduleHolds.InsufficientCapacityException;
import healthcheck.reservation.domain.ScheduleHolds.ScheduleNotFoundException;
import healthcheck.reservation.domain.ScheduleHolds.ScheduleUnavailableException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

// one booking at a time and nobody waiting, so a second concurrent booking is turned away at the door
@WebMvcTest(controllers = ReservationController.class, properties = {
        "healthcheck.reservation.admission.concurrency=1", "healthcheck.reservation.admission.queue=0"})
@Import({ProblemDetailsAdvice.class, BookingAdmission.class, ReservationAccess.class})
class ReservationControllerTest {

    private static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");

    @Autowired
    MockMvc mvc;

    @MockitoBean
    Bookings bookings;

    private static Reservation reserved(long id, String customerId) {
        Reservation r = Reservation.pending(id, 1, 10, customerId, "hold-" + id, T0);
        r.reserve(T0);
        return r;
    }

    private org.springframework.test.web.servlet.ResultActions postJson(String body) throws Exception {
        return mvc.perform(post("/reservations").header("Authorization", bearer(customer("c-1")))
                .contentType(MediaType.APPLICATION_JSON).content(body));
    }

    @Test
    void a_booking_beyond_the_admission_limit_is_refused_at_once_with_503_and_retry_after_and_never_started()
            throws Exception {
        CountDownLatch firstInside = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        given(bookings.book(eq(new NewReservation(1L, 1, 1, "c-1")), isNull(), anyLong())).willAnswer(invocation -> {
            firstInside.countDown();
            releaseFirst.await();
            return reserved(1, "first");
        });
        try (ExecutorService customers = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<?> first = customers.submit(() -> postJson(
                    "{\"reservationId\":1,\"scheduleId\":1,\"reservationCount\":1,\"customerId\":\"first\"}")
                    .andExpect(status().isCreated()));
            firstInside.await();

            postJson("{\"reservationId\":2,\"scheduleId\":1,\"reservationCount\":1,\"customerId\":\"second\"}")
                    .andExpect(status().isServiceUnavailable())
                    .andExpect(header().string("Retry-After", "1"))
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.code").value("TOO_BUSY"))
                    .andExpect(jsonPath("$.detail", containsString("nothing was booked")));

            releaseFirst.countDown();
            first.get();
        }
        verify(bookings, never()).book(eq(new NewReservation(2L, 1, 1, "c-1")), isNull(), anyLong());
    }

    @Test
    void booking_answers_201_with_location_and_the_reserved_booking() throws Exception {
        given(bookings.book(eq(new NewReservation(1L, 1, 10, "c-1")), isNull(), anyLong())).willReturn(reserved(1, "c-1"));
        postJson("{\"reservationId\":1,\"scheduleId\":1,\"reservationCount\":10,\"customerId\":\"c-1\"}")
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", "/reservations/1"))
                .andExpect(jsonPath("$.reservationId").value(1))
                .andExpect(jsonPath("$.scheduleId").value(1))
                .andExpect(jsonPath("$.reservationCount").value(10))
                .andExpect(jsonPath("$.customerId").value("c-1"))
                .andExpect(jsonPath("$.status").value("RESERVED"))
                .andExpect(jsonPath("$.reservedAt").value("2026-12-01T09:00:00Z"))
                .andExpect(jsonPath("$.cancelledAt").isEmpty());
    }

    @Test
    void booking_without_reservation_id_lets_the_service_assign_one_for_the_tokens_customer() throws Exception {
        given(bookings.book(eq(new NewReservation(null, 1, 10, "c-1")), isNull(), anyLong())).willReturn(reserved(42, "c-1"));
        postJson("{\"scheduleId\":1,\"reservationCount\":10}")
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", "/reservations/42"))
                .andExpect(jsonPath("$.reservationId").value(42));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "{\"scheduleId\":1}",                                          // missing count
            "{\"reservationCount\":1}",                                    // missing schedule
            "{\"scheduleId\":1,\"reservationCount\":0}",
            "{\"scheduleId\":1,\"reservationCount\":-5}",
            "{\"scheduleId\":1,\"reservationCount\":1001}",
            "{\"scheduleId\":1,\"reservationCount\":99999999999999999999}",
            "{\"scheduleId\":1,\"reservationCount\":2.5}",
            "{\"scheduleId\":1,\"reservationCount\":\"ten\"}",
            "{\"scheduleId\":0,\"reservationCount\":1}",
            "{\"scheduleId\":-1,\"reservationCount\":1}",
            "{\"scheduleId\":\"abc\",\"reservationCount\":1}",
            "{\"reservationId\":0,\"scheduleId\":1,\"reservationCount\":1}",
            "{\"reservationId\":-3,\"scheduleId\":1,\"reservationCount\":1}",
            "{\"reservationId\":\"x\",\"scheduleId\":1,\"reservationCount\":1}",
            "{\"scheduleId\":1,\"reservationCount\":",                     // malformed JSON
            "[]",
            ""})
    void bad_booking_input_answers_400_problem_and_books_nothing(String body) throws Exception {
        postJson(body)
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(400));
        verifyNoInteractions(bookings);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"", "has space", "\u00e9t\u00e9"})
    void a_bad_idempotency_key_answers_400_naming_the_header_and_books_nothing(String key) throws Exception {
        mvc.perform(post("/reservations").header("Authorization", bearer(customer("c-1")))
                .contentType(MediaType.APPLICATION_JSON)
                        .header("Idempotency-Key", key).content("{\"scheduleId\":1,\"reservationCount\":1}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("VALIDATION_FAILED"))
                .andExpect(jsonPath("$.errors[0].field").value("idempotencyKey"));
        verifyNoInteractions(bookings);
    }

    @Test
    void the_key_is_handed_to_the_booking() throws Exception {
        given(bookings.book(eq(new NewReservation(null, 1, 1, "c-1")), eq("key-1"), anyLong()))
                .willReturn(reserved(7, null));
        mvc.perform(post("/reservations").header("Authorization", bearer(customer("c-1")))
                .contentType(MediaType.APPLICATION_JSON)
                        .header("Idempotency-Key", "key-1").content("{\"scheduleId\":1,\"reservationCount\":1}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.reservationId").value(7));
    }

    @Test
    void a_reused_key_answers_422_and_a_key_in_flight_409_with_retry_after() throws Exception {
        given(bookings.book(any(), eq("reused"), anyLong())).willThrow(new IdempotencyKeyReusedException("reused"));
        given(bookings.book(any(), eq("busy"), anyLong())).willThrow(new BookingInProgressException(5));
        mvc.perform(post("/reservations").header("Authorization", bearer(customer("c-1")))
                .contentType(MediaType.APPLICATION_JSON)
                        .header("Idempotency-Key", "reused").content("{\"scheduleId\":1,\"reservationCount\":1}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("IDEMPOTENCY_KEY_REUSED"));
        mvc.perform(post("/reservations").header("Authorization", bearer(customer("c-1")))
                .contentType(MediaType.APPLICATION_JSON)
                        .header("Idempotency-Key", "busy").content("{\"scheduleId\":1,\"reservationCount\":1}"))
                .andExpect(status().isConflict())
                .andExpect(header().string("Retry-After", "1"))
                .andExpect(jsonPath("$.code").value("BOOKING_IN_PROGRESS"))
                .andExpect(jsonPath("$.reservationId").value(5));
    }

    @Test
    void booking_with_a_wrong_content_type_answers_415_problem() throws Exception {
        mvc.perform(post("/reservations").header("Authorization", bearer(customer("c-1")))
                .contentType(MediaType.TEXT_PLAIN).content("scheduleId=1"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        verifyNoInteractions(bookings);
    }

    @Test
    void booking_an_existing_reservation_id_answers_409() throws Exception {
        given(bookings.book(any(), isNull(), anyLong())).willThrow(new DuplicateReservationException(1));
        postJson("{\"reservationId\":1,\"scheduleId\":1,\"reservationCount\":10}")
                .andExpect(status().isConflict())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("DUPLICATE_RESERVATION"));
    }

    @Test
    void booking_over_capacity_answers_409_saying_how_many_places_are_left() throws Exception {
        given(bookings.book(any(), isNull(), anyLong())).willThrow(new InsufficientCapacityException(1, 3));
        postJson("{\"scheduleId\":1,\"reservationCount\":10}")
                .andExpect(status().isConflict())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.title").value("Not enough places"))
                .andExpect(jsonPath("$.detail").value(containsString("Only 3 places left")))
                .andExpect(jsonPath("$.availableCount").value(3));
    }

    @Test
    void booking_an_unknown_schedule_answers_404() throws Exception {
        given(bookings.book(any(), isNull(), anyLong())).willThrow(new ScheduleNotFoundException(9));
        postJson("{\"scheduleId\":9,\"reservationCount\":1}")
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("SCHEDULE_NOT_FOUND"));
    }

    @Test
    void booking_whose_hold_was_released_answers_409() throws Exception {
        given(bookings.book(any(), isNull(), anyLong())).willThrow(new HoldReleasedException("h"));
        postJson("{\"scheduleId\":1,\"reservationCount\":1}")
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("HOLD_RELEASED"));
    }

    @Test
    void booking_while_schedule_is_unavailable_answers_503_with_retry_after() throws Exception {
        given(bookings.book(any(), isNull(), anyLong())).willThrow(new ScheduleUnavailableException("down", 5, null));
        postJson("{\"scheduleId\":1,\"reservationCount\":1}")
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "5"))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value(containsString("try again shortly")));
    }

    @Test
    void booking_while_reservations_own_database_is_unavailable_answers_503_store_unavailable() throws Exception {
        given(bookings.book(any(), isNull(), anyLong()))
                .willThrow(new org.springframework.transaction.CannotCreateTransactionException("no connection"));
        postJson("{\"scheduleId\":1,\"reservationCount\":1}")
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "2"))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("STORE_UNAVAILABLE"));
    }

    @Test
    void get_answers_the_reservation() throws Exception {
        given(bookings.find(1)).willReturn(reserved(1, "c-1"));
        mvc.perform(get("/reservations/1").header("Authorization", bearer(customer("c-1"))))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.reservationId").value(1))
                .andExpect(jsonPath("$.status").value("RESERVED"));
    }

    @Test
    void get_unknown_answers_404_problem() throws Exception {
        given(bookings.find(5)).willThrow(new ReservationNotFoundException(5));
        mvc.perform(get("/reservations/5").header("Authorization", bearer(customer("c-1"))))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "1.5", "0", "-1", "99999999999999999999999"})
    void get_and_cancel_with_a_bad_id_answer_400_problem(String id) throws Exception {
        mvc.perform(get("/reservations/" + id).header("Authorization", bearer(customer("c-1"))))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(delete("/reservations/" + id).header("Authorization", bearer(customer("c-1"))))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        verifyNoInteractions(bookings);
    }

    @Test
    void list_by_customer_answers_the_page_asked_for_in_reservation_id_order_with_the_totals() throws Exception {
        given(bookings.list(eq("c-1"), any(Pageable.class))).willAnswer(call -> new PageImpl<>(
                List.of(reserved(3, "c-1"), reserved(4, "c-1")), call.getArgument(1), 5));
        mvc.perform(get("/reservations").header("Authorization", bearer(customer("c-1")))
                .param("customerId", "c-1").param("page", "1").param("size", "2"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.content.length()").value(2))
                .andExpect(jsonPath("$.content[0].reservationId").value(3))
                .andExpect(jsonPath("$.content[1].reservationId").value(4))
                .andExpect(jsonPath("$.page.size").value(2))
                .andExpect(jsonPath("$.page.number").value(1))
                .andExpect(jsonPath("$.page.totalElements").value(5))
                .andExpect(jsonPath("$.page.totalPages").value(3));
        verify(bookings).list("c-1", PageRequest.of(1, 2, Sort.by("reservationId").ascending()));
    }

    @Test
    void a_customer_listing_without_customer_gets_their_own_and_never_anothers() throws Exception {
        given(bookings.list(eq("c-1"), any(Pageable.class)))
                .willAnswer(call -> new PageImpl<>(List.of(reserved(1, "c-1")), call.getArgument(1), 1));
        mvc.perform(get("/reservations").header("Authorization", bearer(customer("c-1"))))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.content[0].customerId").value("c-1"));
        mvc.perform(get("/reservations").param("customerId", "c-2").header("Authorization", bearer(customer("c-1"))))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.code").value("FORBIDDEN"));
        verify(bookings).list("c-1", PageRequest.of(0, 20, Sort.by("reservationId")));
    }

    @Test
    void another_customers_booking_is_not_found_but_staff_read_it() throws Exception {
        given(bookings.find(1)).willReturn(reserved(1, "c-1"));
        mvc.perform(get("/reservations/1").header("Authorization", bearer(customer("c-2"))))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("RESERVATION_NOT_FOUND"));
        mvc.perform(get("/reservations/1").header("Authorization", bearer(operator())))
                .andExpect(status().isOk());
    }

    @Test
    void staff_listing_without_customer_get_the_first_twenty_of_all() throws Exception {
        given(bookings.list(isNull(), any(Pageable.class)))
                .willAnswer(call -> new PageImpl<>(List.of(reserved(1, null)), call.getArgument(1), 1));
        mvc.perform(get("/reservations").header("Authorization", bearer(operator())))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.content.length()").value(1))
                .andExpect(jsonPath("$.page.size").value(20))
                .andExpect(jsonPath("$.page.totalElements").value(1));
        verify(bookings).list(null, PageRequest.of(0, 20, Sort.by("reservationId")));
    }

    @ParameterizedTest
    @CsvSource({"size, 101", "size, 0", "page, -1", "page, x"})
    void list_with_a_page_parameter_out_of_range_answers_400_naming_it(String field, String value) throws Exception {
        for (String customerId : new String[] {null, "c-1"}) {
            var request = get("/reservations").header("Authorization", bearer(customer("c-1"))).param(field, value);
            if (customerId != null) {
                request.param("customerId", customerId);
            }
            mvc.perform(request)
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.code").value("VALIDATION_FAILED"))
                    .andExpect(jsonPath("$.errors.length()").value(1))
                    .andExpect(jsonPath("$.errors[0].field").value(field));
        }
        verifyNoInteractions(bookings);
    }

    @Test
    void cancel_answers_the_cancelled_booking() throws Exception {
        Reservation r = reserved(1, "c-1");
        r.cancel(T0.plusSeconds(60));
        given(bookings.cancel(1, "c-1")).willReturn(r);
        mvc.perform(delete("/reservations/1").header("Authorization", bearer(customer("c-1"))))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("CANCELLED"))
                .andExpect(jsonPath("$.cancelledAt").value("2026-12-01T09:01:00Z"));
        verify(bookings).cancel(1, "c-1");
    }

    @Test
    void cancel_unknown_answers_404_problem() throws Exception {
        given(bookings.cancel(8, "c-1")).willThrow(new ReservationNotFoundException(8));
        mvc.perform(delete("/reservations/8").header("Authorization", bearer(customer("c-1"))))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void cancel_of_a_booking_that_never_completed_answers_409_problem() throws Exception {
        given(bookings.cancel(3, "c-1")).willThrow(new IllegalTransitionException(3, ReservationStatus.FAILED, "nope"));
        mvc.perform(delete("/reservations/3").header("Authorization", bearer(customer("c-1"))))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.status").value("FAILED"));
    }

    @Test
    void unsupported_method_answers_405_problem() throws Exception {
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put("/reservations/1")
                .header("Authorization", bearer(customer("c-1")))
                        .contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isMethodNotAllowed())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }
}
