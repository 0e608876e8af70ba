package healthcheck.reservation.web;

import healthcheck.platform.web.ProblemDetailsAdvice;
import healthcheck.reservation.domain.Bookings;
import healthcheck.testsupport.AccessMatrix;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Who may call which reservation endpoint ("in": past security; whose booking it is, the controller and
 * {@link Bookings} decide, see ReservationControllerTest and BookingFlowIntegrationTest).
 */
@WebMvcTest(ReservationController.class)
@Import({ProblemDetailsAdvice.class, BookingAdmission.class, ReservationAccess.class})
class ReservationAccessTest {

    @Autowired
    MockMvc mvc;

    @MockitoBean
    Bookings bookings;

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @CsvSource({
            "anonymous,   POST,   /reservations,   401",
            "admin,       POST,   /reservations,   403",
            "operator,    POST,   /reservations,   403",
            "reservation, POST,   /reservations,   403",
            "alice,       POST,   /reservations,   in",
            "anonymous,   GET,    /reservations,   401",
            "anonymous,   GET,    /reservations/1, 401",
            "reservation, GET,    /reservations/1, 403",
            "alice,       GET,    /reservations/1, in",
            "operator,    GET,    /reservations,   in",
            "admin,       GET,    /reservations/1, in",
            "anonymous,   DELETE, /reservations/1, 401",
            "operator,    DELETE, /reservations/1, 403",
            "admin,       DELETE, /reservations/1, 403",
            "alice,       DELETE, /reservations/1, in",
            // the operations tools' client reaches the dead-letter tools and nothing of this service's
            "tools,       GET, /reservations, 403",
    })
    void eachCallerReachesOnlyWhatTheirRoleAllows(String caller, String method, String path, String expected)
            throws Exception {
        AccessMatrix.check(mvc, caller, method, path, "{\"scheduleId\":1,\"reservationCount\":1}", expected);
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @MethodSource("healthcheck.testsupport.AccessMatrix#deadLetterTools")
    void theDeadLetterToolsAreForOperatorsAndTheOperationsToolsClientOnly(String caller, String method, String path,
            String expected) throws Exception {
        AccessMatrix.check(mvc, caller, method, path, "", expected);
    }
}
