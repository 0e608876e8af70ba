package healthcheck.customercenter.web;

import healthcheck.customercenter.domain.MyPages;
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

/**
 * Who may call which MyPage endpoint ("in": past security; whose page it is, the controller decides, see
 * {@link MyPageControllerTest}).
 */
@WebMvcTest(MyPageController.class)
@Import({ProblemDetailsAdvice.class, MyPageAccess.class})
class MyPageAccessTest {

    @Autowired
    MockMvc mvc;

    @MockitoBean
    MyPages myPages;

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @CsvSource({
            "anonymous,   GET, /myPages,   401",
            "anonymous,   GET, /myPages/1, 401",
            "reservation, GET, /myPages/1, 403",
            "alice,       GET, /myPages,   in",
            "alice,       GET, /myPages/1, in",
            "operator,    GET, /myPages/1, in",
            "admin,       GET, /myPages/1, in",
            // the operations tools' client reaches the dead-letter tools and nothing of this service's
            "tools,       GET, /myPages/1, 403",
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
