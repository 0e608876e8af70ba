package healthcheck.customercenter.web;

import healthcheck.customercenter.domain.MyPages;
import healthcheck.platform.security.Caller;
import healthcheck.platform.security.NotPermittedException;
import healthcheck.platform.web.PageQuery;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
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

    /** A customer's own page; another's is "not found", exactly as one that does not exist. */
    @GetMapping("/{reservationId}")
    MyPageResponse one(Caller caller, @PathVariable @Positive long reservationId) {
        return myPages.find(reservationId)
                .filter(view -> caller.mayRead(view.page().customerId()))
                .map(MyPageResponse::of)
                .orElseThrow(() -> new MyPageNotFoundException(reservationId));
    }

    /**
     * A customer's bookings a page at a time, by reservationId: the caller's own (customerId may be left out), or,
     * for clinic staff, the named customer's.
     */
    @GetMapping
    PagedModel<MyPageResponse> byCustomer(Caller caller,
                                          @RequestParam(required = false) @Size(max = 100)
                                          @Pattern(regexp = ".*\\S.*", message = "must not be blank") String customerId,
                                          @ParameterObject @Valid PageQuery page) {
        String whose = customerId == null ? caller.subject() : customerId;
        if (!caller.mayRead(whose)) {
            throw new NotPermittedException("A customer reads only their own MyPage.");
        }
        return new PagedModel<>(myPages.findByCustomer(whose, page.toPageable(Sort.by("reservationId")))
                .map(MyPageResponse::of));
    }
}
