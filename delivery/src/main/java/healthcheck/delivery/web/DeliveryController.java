package healthcheck.delivery.web;

import healthcheck.delivery.domain.Deliveries;
import java.util.List;
import jakarta.validation.Valid;
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

    /** With reservationId: that booking's mailing (at most one); without: every delivery. */
    @GetMapping
    List<DeliveryResponse> list(@RequestParam(required = false) Long reservationId) {
        var found = reservationId == null ? deliveries.all() : deliveries.ofReservation(reservationId);
        return found.stream().map(DeliveryResponse::of).toList();
    }

    /** Operator progress: one step forward; the current status again is a harmless repeat (200, unchanged). */
    @PutMapping(path = "/{deliveryId}/status", consumes = MediaType.APPLICATION_JSON_VALUE)
    DeliveryResponse changeStatus(@PathVariable long deliveryId, @Valid @RequestBody StatusChangeRequest request) {
        return DeliveryResponse.of(deliveries.advance(deliveryId, request.status()));
    }
}
