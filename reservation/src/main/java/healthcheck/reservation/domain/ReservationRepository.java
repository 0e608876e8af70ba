package healthcheck.reservation.domain;

import java.time.Instant;
import java.util.List;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;

public interface ReservationRepository extends JpaRepository<Reservation, Long> {

    List<Reservation> findByCustomerIdOrderByReservationId(String customerId);

    List<Reservation> findAllByOrderByReservationId(Limit limit);

    List<Reservation> findByStatusAndAttemptedAtBeforeOrderByAttemptedAt(ReservationStatus status, Instant before,
                                                                        Limit limit);
}
