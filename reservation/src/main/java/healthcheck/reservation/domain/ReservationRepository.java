package healthcheck.reservation.domain;

import java.time.Instant;
import java.util.List;
import org.springframework.data.domain.Limit;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;
import org.springframework.transaction.annotation.Transactional;

public interface ReservationRepository extends JpaRepository<Reservation, Long> {

    Page<Reservation> findByCustomerId(String customerId, Pageable page);

    List<Reservation> findByStatusAndAttemptedAtBeforeOrderByAttemptedAt(ReservationStatus status, Instant before,
                                                                        Limit limit);

    /** Forgets attempts that ended without a booking (FAILED) before {@code before}; their places were given back. */
    @Modifying
    @Transactional
    @Query("delete from Reservation r where r.status = healthcheck.reservation.domain.ReservationStatus.FAILED "
            + "and r.attemptedAt < :before")
    int deleteFailedAttemptedBefore(@Param("before") Instant before);
}
