package healthcheck.delivery.domain;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.EntityGraph;
import org.springframework.data.repository.Repository;

/** Deliberately narrow: no deletes, and nothing here is exported over HTTP. */
public interface DeliveryRepository extends Repository<Delivery, Long> {

    Delivery save(Delivery delivery);

    @EntityGraph(attributePaths = "history")
    Optional<Delivery> findById(Long deliveryId);

    @EntityGraph(attributePaths = "history")
    Optional<Delivery> findByReservationId(long reservationId);

    @EntityGraph(attributePaths = "history")
    List<Delivery> findAllByOrderByIdAsc();
}
