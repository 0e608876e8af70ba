package healthcheck.delivery.domain;

import java.util.Optional;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.repository.Repository;

/**
 * Deliberately narrow: no deletes, and nothing here is exported over HTTP. Each read brings the deliveries with
 * their history (Spring Data JDBC loads an aggregate whole: one more select per delivery for its steps).
 */
public interface DeliveryRepository extends Repository<Delivery, Long> {

    /** Inserts a new delivery; updates a loaded one if nobody changed it since (else OptimisticLockingFailure). */
    Delivery save(Delivery delivery);

    Optional<Delivery> findById(Long deliveryId);

    Optional<Delivery> findByReservationId(long reservationId);

    Page<Delivery> findAll(Pageable page);

    Page<Delivery> findByReservationId(long reservationId, Pageable page);
}
