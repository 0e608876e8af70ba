package healthcheck.schedule.domain;

import java.time.Instant;
import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;
import org.springframework.data.repository.query.Param;
import org.springframework.transaction.annotation.Transactional;

public interface HoldRepository extends ListCrudRepository<Hold, String> {

    /**
     * HELD → RELEASED as one conditional update: of any number of concurrent or repeated releases exactly one
     * sees 1 row changed, and only that one gives the places back. Only the hold's own reservation releases it: an
     * event naming another reservation's hold changes nothing.
     */
    @Modifying
    @Query("update place_hold set status = 'RELEASED', released_at = :at "
            + "where hold_id = :holdId and reservation_id = :reservationId and status = 'HELD'")
    int release(@Param("holdId") String holdId, @Param("reservationId") long reservationId, @Param("at") Instant at);

    /** Forgets released holds and tombstones released before {@code before}: their places are back already. */
    @Modifying
    @Transactional
    @Query("delete from place_hold where status = 'RELEASED' and released_at < :before")
    int deleteReleasedBefore(@Param("before") Instant before);
}
