package healthcheck.schedule.web;

import healthcheck.platform.web.ProblemDetailsAdvice;
import healthcheck.schedule.domain.ScheduleService;
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
 * Who may call which schedule endpoint. "in" means the request got past security (the service answers it, whatever
 * that answer is); 401 and 403 mean it was turned away before the controller.
 */
@WebMvcTest({ScheduleController.class, HoldController.class})
@Import({ProblemDetailsAdvice.class, ScheduleAccess.class})
class ScheduleAccessTest {

    @Autowired
    MockMvc mvc;

    @MockitoBean
    ScheduleService service;

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @CsvSource({
            "anonymous,   GET,  /schedules,          in",
            "anonymous,   GET,  /schedules/1,        in",
            "alice,       GET,  /schedules,          in",
            "anonymous,   POST, /schedules,          401",
            "alice,       POST, /schedules,          403",
            "operator,    POST, /schedules,          403",
            "reservation, POST, /schedules,          403",
            "admin,       POST, /schedules,          in",
            "anonymous,   POST, /schedules/1/holds,  401",
            "alice,       POST, /schedules/1/holds,  403",
            "admin,       POST, /schedules/1/holds,  403",
            "operator,    POST, /schedules/1/holds,  403",
            "reservation, POST, /schedules/1/holds,  in",
            "anonymous,   GET,  /v3/api-docs,        401",
            // the operations tools' client reaches the dead-letter tools and nothing of this service's
            "tools,       POST, /schedules,          403",
            "tools,       POST, /schedules/1/holds,  403",
    })
    void eachCallerReachesOnlyWhatTheirRoleAllows(String caller, String method, String path, String expected)
            throws Exception {
        AccessMatrix.check(mvc, caller, method, path, "{}", expected);
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @MethodSource("healthcheck.testsupport.AccessMatrix#deadLetterTools")
    void theDeadLetterToolsAreForOperatorsAndTheOperationsToolsClientOnly(String caller, String method, String path,
            String expected) throws Exception {
        AccessMatrix.check(mvc, caller, method, path, "", expected);
    }
}
