package healthcheck.delivery.domain;

import java.util.Optional;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.EntityGraph;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

/** Deliberately narrow: no deletes, and nothing here is exported over HTTP. */
public interface DeliveryRepository extends Repository<Delivery, Long> {

    Delivery save(Delivery delivery);

    @EntityGraph(attributePaths = "history")
    Optional<Delivery> findById(Long deliveryId);

    // Every booking event asks this. A query, not an entity graph: Hibernate keeps no translation of a query run
    // with a graph (SqmInterpretationsKey), so each call translated it again, 9 % of delivery's CPU at the peak.
    @Query("select d from Delivery d left join fetch d.history where d.reservationId = :reservationId")
    Optional<Delivery> findByReservationId(long reservationId);

    // Pages are read without the history graph: fetched with a page, it would make Hibernate page in memory,
    // loading every row. Delivery.history is batch-fetched instead.
    Page<Delivery> findAll(Pageable page);

    Page<Delivery> findByReservationId(long reservationId, Pageable page);
}
