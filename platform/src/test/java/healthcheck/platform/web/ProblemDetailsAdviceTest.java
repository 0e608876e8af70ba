package healthcheck.platform.web;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import healthcheck.platform.refusal.Refusal;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Every framework refusal a service inherits: a stable code, and for bad content the fields that are wrong. */
@WebMvcTest(controllers = ProblemDetailsAdviceTest.Things.class,
        properties = "spring.jackson.deserialization.accept-float-as-int=false")
@Import({ProblemDetailsAdvice.class, OpenAccess.class, ProblemDetailsAdviceTest.Things.class})
class ProblemDetailsAdviceTest {

    @SpringBootApplication
    static class App {
    }

    record NewThing(@NotNull @Positive Long thingId, @NotNull @Positive @Max(10) Integer count) {
    }

    @RestController
    static class Things {
        @PostMapping(path = "/things", consumes = MediaType.APPLICATION_JSON_VALUE)
        NewThing create(@Valid @RequestBody NewThing thing) {
            return thing;
        }

        @GetMapping("/things/{thingId}")
        String one(@PathVariable @Positive long thingId) {
            return "thing " + thingId;
        }

        @GetMapping("/things")
        String page(@RequestParam @Positive @Max(100) int size) {
            return "size " + size;
        }

        @PostMapping("/things/{thingId}/reservations")
        String reserve(@PathVariable long thingId) {
            throw new ThingsGone(thingId);
        }
    }

    /** A service's own refusal, declared as services declare theirs. */
    static class ThingsGone extends Refusal {
        ThingsGone(long thingId) {
            super(Kind.CONFLICT, "THINGS_GONE", "No things left", "Thing " + thingId + " has none left");
            property("availableCount", 0);
            retryAfter(Duration.ofSeconds(30));
        }
    }

    @Autowired
    MockMvc mvc;

    @Test
    void aServicesOwnRefusalIsProblemJsonWithItsCodePropertiesAndRetryAfter() throws Exception {
        mvc.perform(post("/things/7/reservations"))
                .andExpect(status().isConflict())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(header().string("Retry-After", "30"))
                .andExpect(jsonPath("$.code").value("THINGS_GONE"))
                .andExpect(jsonPath("$.title").value("No things left"))
                .andExpect(jsonPath("$.detail").value("Thing 7 has none left"))
                .andExpect(jsonPath("$.availableCount").value(0));
    }

    @Test
    void invalidFieldsAreNamedEachWithWhatIsWrong() throws Exception {
        postThing("{\"thingId\":0}")
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("VALIDATION_FAILED"))
                .andExpect(jsonPath("$.errors", hasSize(2)))
                .andExpect(jsonPath("$.errors[0].field").value("count"))
                .andExpect(jsonPath("$.errors[0].message").value("must not be null"))
                .andExpect(jsonPath("$.errors[1].field").value("thingId"))
                .andExpect(jsonPath("$.errors[1].message").value("must be greater than 0"))
                .andExpect(jsonPath("$.detail").value(containsString("count, thingId")));
    }

    @Test
    void aValueOfTheWrongTypeNamesItsField() throws Exception {
        for (String body : new String[] {"{\"thingId\":1,\"count\":\"ten\"}", "{\"thingId\":1,\"count\":2.5}",
                "{\"thingId\":1,\"count\":99999999999999999999}"}) {
            postThing(body)
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.code").value("VALIDATION_FAILED"))
                    .andExpect(jsonPath("$.errors[0].field").value("count"));
        }
    }

    @Test
    void aBodyThatIsNotJsonIsMalformedAndNamesNoField() throws Exception {
        for (String body : new String[] {"{\"thingId\":1,\"count\":", "not json", ""}) {
            postThing(body)
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.code").value("MALFORMED_REQUEST"))
                    .andExpect(jsonPath("$.errors").doesNotExist());
        }
    }

    @Test
    void badPathVariablesAndQueryParametersNameTheParameter() throws Exception {
        mvc.perform(get("/things/abc")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("VALIDATION_FAILED"))
                .andExpect(jsonPath("$.errors[0].field").value("thingId"))
                .andExpect(jsonPath("$.errors[0].message").value("must be a whole number"));
        mvc.perform(get("/things/-1")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("VALIDATION_FAILED"))
                .andExpect(jsonPath("$.errors[0].field").value("thingId"));
        mvc.perform(get("/things").param("size", "1000")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("size"));
        mvc.perform(get("/things")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("VALIDATION_FAILED"))
                .andExpect(jsonPath("$.errors[0].field").value("size"))
                .andExpect(jsonPath("$.errors[0].message").value("is required"));
    }

    @Test
    void aUrlNothingServesIsNoSuchEndpointNotAMissingThing() throws Exception {
        mvc.perform(get("/no/such/path")).andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("NO_SUCH_ENDPOINT"));
    }

    @Test
    void wrongMethodAndContentTypeHaveTheirOwnCodes() throws Exception {
        mvc.perform(post("/things/1")).andExpect(status().isMethodNotAllowed())
                .andExpect(jsonPath("$.code").value("METHOD_NOT_ALLOWED"));
        mvc.perform(post("/things").contentType(MediaType.TEXT_PLAIN).content("x"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(jsonPath("$.code").value("UNSUPPORTED_MEDIA_TYPE"));
    }

    private ResultActions postThing(String body) throws Exception {
        return mvc.perform(post("/things").contentType(MediaType.APPLICATION_JSON).content(body));
    }
}
