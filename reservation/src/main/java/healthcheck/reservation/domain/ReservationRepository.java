package healthcheck.reservation.domain;

import java.time.Instant;
import java.util.List;
import org.springframework.data.domain.Limit;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

public interface ReservationRepository extends JpaRepository<Reservation, Long> {

    Page<Reservation> findByCustomerId(String customerId, Pageable page);

    List<Reservation> findByStatusAndAttemptedAtBeforeOrderByAttemptedAt(ReservationStatus status, Instant before,
                                                                        Limit limit);
}
