package healthcheck.customercenter.web;

import healthcheck.customercenter.domain.MyPages;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.util.List;
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

    @GetMapping
    List<MyPageResponse> byCustomer(@RequestParam @NotBlank @Size(max = 100) String customerId) {
        return myPages.findByCustomer(customerId).stream().map(MyPageResponse::of).toList();
    }
}
