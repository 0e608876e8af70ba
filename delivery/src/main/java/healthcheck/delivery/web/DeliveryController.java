package healthcheck.delivery.web;

import healthcheck.delivery.domain.Deliveries;
import healthcheck.platform.web.PageQuery;
import jakarta.validation.Valid;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.web.PagedModel;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(path = "/deliveries", produces = MediaType.APPLICATION_JSON_VALUE)
class DeliveryController {

    private final Deliveries deliveries;

    DeliveryController(Deliveries deliveries) {
        this.deliveries = deliveries;
    }

    @GetMapping("/{deliveryId}")
    DeliveryResponse get(@PathVariable long deliveryId) {
        return DeliveryResponse.of(deliveries.get(deliveryId));
    }

    /** With reservationId: that booking's mailing (at most one); without: every delivery. A page at a time. */
    @GetMapping
    PagedModel<DeliveryResponse> list(@RequestParam(required = false) Long reservationId,
                                      @ParameterObject @Valid PageQuery page) {
        Pageable pageable = page.toPageable(Sort.by("id")); // the deliveryId
        var found = reservationId == null ? deliveries.all(pageable) : deliveries.ofReservation(reservationId, pageable);
        return new PagedModel<>(found.map(DeliveryResponse::of));
    }

    /** Operator progress: one step forward; the current status again is a harmless repeat (200, unchanged). */
    @PutMapping(path = "/{deliveryId}/status", consumes = MediaType.APPLICATION_JSON_VALUE)
    DeliveryResponse changeStatus(@PathVariable long deliveryId, @Valid @RequestBody StatusChangeRequest request) {
        return DeliveryResponse.of(deliveries.advance(deliveryId, request.status()));
    }
}
