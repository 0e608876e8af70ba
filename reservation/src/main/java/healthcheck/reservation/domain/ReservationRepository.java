package healthcheck.reservation.domain;

import java.time.Instant;
import java.util.List;
import org.springframework.data.domain.Limit;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;
import org.springframework.data.repository.ListPagingAndSortingRepository;
import org.springframework.data.repository.query.Param;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reservations. Saving one that is stored already is a single {@code UPDATE ... WHERE version = ?} that does not read
 * the row first, and fails with an {@link org.springframework.dao.OptimisticLockingFailureException} when someone
 * else changed it meanwhile: what lets a booking's confirmation cost one statement.
 */
public interface ReservationRepository extends ListCrudRepository<Reservation, Long>,
        ListPagingAndSortingRepository<Reservation, Long> {

    Page<Reservation> findByCustomerId(String customerId, Pageable page);

    List<Reservation> findByStatusAndAttemptedAtBeforeOrderByAttemptedAt(ReservationStatus status, Instant before,
                                                                        Limit limit);

    /** Forgets attempts that ended without a booking (FAILED) before {@code before}; their places were given back. */
    @Modifying
    @Transactional
    @Query("delete from reservation where status = 'FAILED' and attempted_at < :before")
    int deleteFailedAttemptedBefore(@Param("before") Instant before);
}
