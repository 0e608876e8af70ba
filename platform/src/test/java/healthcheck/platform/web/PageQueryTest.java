package healthcheck.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.hamcrest.Matchers.hasSize;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.web.PagedModel;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The one paged shape every list endpoint answers in, and the page parameters it refuses. */
@WebMvcTest(controllers = PageQueryTest.Lists.class)
@Import({ProblemDetailsAdvice.class, OpenAccess.class, PageQueryTest.Lists.class})
class PageQueryTest {

    record Item(long id) {
    }

    /** Five items; {@code /owned} adds a constrained parameter, which makes Spring validate the page differently. */
    @RestController
    static class Lists {
        private static final List<Item> ITEMS = LongStream.rangeClosed(1, 5).mapToObj(Item::new).toList();

        @GetMapping("/items")
        PagedModel<Item> items(@Valid PageQuery query) {
            return new PagedModel<>(pageOf(query.toPageable(Sort.by("id"))));
        }

        @GetMapping("/owned")
        PagedModel<Item> owned(@RequestParam @Size(max = 5) String owner, @Valid PageQuery query) {
            return new PagedModel<>(pageOf(query.toPageable(Sort.by("id"))));
        }

        private static PageImpl<Item> pageOf(Pageable page) {
            int from = (int) Math.min(page.getOffset(), ITEMS.size());
            return new PageImpl<>(ITEMS.subList(from, Math.min(from + page.getPageSize(), ITEMS.size())), page,
                    ITEMS.size());
        }
    }

    @Autowired
    MockMvc mvc;

    @Test
    void aPageIsItsContentAndWhereItStandsInTheWholeList() throws Exception {
        mvc.perform(get("/items").param("page", "1").param("size", "2"))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.content", hasSize(2)))
                .andExpect(jsonPath("$.content[0].id").value(3))
                .andExpect(jsonPath("$.content[1].id").value(4))
                .andExpect(jsonPath("$.page.size").value(2))
                .andExpect(jsonPath("$.page.number").value(1))
                .andExpect(jsonPath("$.page.totalElements").value(5))
                .andExpect(jsonPath("$.page.totalPages").value(3))
                .andExpect(jsonPath("$.length()").value(2)); // content and page, nothing else
    }

    @Test
    void withoutParametersTheFirstTwentyAreAnswered() throws Exception {
        mvc.perform(get("/items"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.content", hasSize(5)))
                .andExpect(jsonPath("$.page.size").value(PageQuery.DEFAULT_SIZE))
                .andExpect(jsonPath("$.page.number").value(0))
                .andExpect(jsonPath("$.page.totalPages").value(1));
    }

    @Test
    void aPagePastTheEndIsEmptyButStillCountsTheWholeList() throws Exception {
        mvc.perform(get("/items").param("page", "7").param("size", "100"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.content", hasSize(0)))
                .andExpect(jsonPath("$.page.totalElements").value(5));
    }

    @ParameterizedTest
    @CsvSource({
            "size, 101, must be less than or equal to 100",
            "size, 0, must be greater than or equal to 1",
            "size, -5, must be greater than or equal to 1",
            "page, -1, must be greater than or equal to 0",
            "page, 21474837, must be less than or equal to 21474836",
            "size, ten, must be a whole number",
            "page, 1.5, must be a whole number",
            "page, 99999999999, must be a whole number"})
    void aPageParameterOutOfRangeIsRefusedNamingIt(String field, String value, String message) throws Exception {
        for (String path : new String[] {"/items", "/owned"}) {
            mvc.perform(get(path).param("owner", "kim").param(field, value))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.code").value("VALIDATION_FAILED"))
                    .andExpect(jsonPath("$.errors", hasSize(1)))
                    .andExpect(jsonPath("$.errors[0].field").value(field))
                    .andExpect(jsonPath("$.errors[0].message").value(message));
        }
    }

    @Test
    void theLargestPageAtTheLargestSizeIsStillAnOffsetTheDatabaseTakes() {
        Pageable last = new PageQuery(PageQuery.MAX_PAGE, PageQuery.MAX_SIZE).toPageable(Sort.by("id"));
        assertThat(last.getOffset()).isLessThanOrEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void aPageWithoutAnOrderIsAProgrammingError() {
        assertThatIllegalArgumentException().isThrownBy(() -> new PageQuery(0, 20).toPageable(Sort.unsorted()));
    }
}
