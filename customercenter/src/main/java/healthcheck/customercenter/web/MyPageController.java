package healthcheck.customercenter.web;

import healthcheck.customercenter.domain.MyPages;
import healthcheck.platform.web.PageQuery;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.data.domain.Sort;
import org.springframework.data.web.PagedModel;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Read-only on purpose: MyPage is written by events alone, so there is no endpoint that could change it. */
@RestController
@RequestMapping("/myPages")
class MyPageController {

    private final MyPages myPages;

    MyPageController(MyPages myPages) {
        this.myPages = myPages;
    }

    @GetMapping("/{reservationId}")
    MyPageResponse one(@PathVariable @Positive long reservationId) {
        return myPages.find(reservationId)
                .map(MyPageResponse::of)
                .orElseThrow(() -> new MyPageNotFoundException(reservationId));
    }

    /** The customer's bookings a page at a time, by reservationId. */
    @GetMapping
    PagedModel<MyPageResponse> byCustomer(@RequestParam @NotBlank @Size(max = 100) String customerId,
                                          @ParameterObject @Valid PageQuery page) {
        return new PagedModel<>(myPages.findByCustomer(customerId, page.toPageable(Sort.by("reservationId")))
                .map(MyPageResponse::of));
    }
}
