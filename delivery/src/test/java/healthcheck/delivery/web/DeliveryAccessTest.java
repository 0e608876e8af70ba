package healthcheck.delivery.web;

import healthcheck.delivery.domain.Deliveries;
import healthcheck.platform.web.ProblemDetailsAdvice;
import healthcheck.testsupport.AccessMatrix;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** Who may call which delivery endpoint: "in" got past security; 401 and 403 were turned away before it. */
@WebMvcTest(DeliveryController.class)
@Import({ProblemDetailsAdvice.class, DeliveryAccess.class})
class DeliveryAccessTest {

    @Autowired
    MockMvc mvc;

    @MockitoBean
    Deliveries deliveries;

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @CsvSource({
            "anonymous,   GET, /deliveries,          401",
            "alice,       GET, /deliveries,          403",
            "alice,       GET, /deliveries/1,        403",
            "reservation, GET, /deliveries/1,        403",
            "operator,    GET, /deliveries,          in",
            "admin,       GET, /deliveries/1,        in",
            "anonymous,   PUT, /deliveries/1/status, 401",
            "alice,       PUT, /deliveries/1/status, 403",
            "admin,       PUT, /deliveries/1/status, 403",
            "operator,    PUT, /deliveries/1/status, in",
            // the operations tools' client reaches the dead-letter tools and nothing of this service's
            "tools,       GET, /deliveries, 403",
    })
    void eachCallerReachesOnlyWhatTheirRoleAllows(String caller, String method, String path, String expected)
            throws Exception {
        AccessMatrix.check(mvc, caller, method, path, "{\"status\":\"SENT\"}", expected);
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @MethodSource("healthcheck.testsupport.AccessMatrix#deadLetterTools")
    void theDeadLetterToolsAreForOperatorsAndTheOperationsToolsClientOnly(String caller, String method, String path,
            String expected) throws Exception {
        AccessMatrix.check(mvc, caller, method, path, "", expected);
    }
}
