package healthcheck.schedule.domain;

import java.time.Instant;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;
import org.springframework.transaction.annotation.Transactional;

public interface HoldRepository extends JpaRepository<Hold, String> {

    /**
     * HELD → RELEASED as one conditional update: of any number of concurrent or repeated releases exactly one
     * sees 1 row changed, and only that one gives the places back. Only the hold's own reservation releases it: an
     * event naming another reservation's hold changes nothing.
     */
    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("update Hold h set h.status = healthcheck.schedule.domain.HoldStatus.RELEASED, h.releasedAt = :at "
            + "where h.holdId = :holdId and h.reservationId = :reservationId "
            + "and h.status = healthcheck.schedule.domain.HoldStatus.HELD")
    int release(@Param("holdId") String holdId, @Param("reservationId") long reservationId, @Param("at") Instant at);

    /** Forgets released holds and tombstones released before {@code before}: their places are back already. */
    @Modifying
    @Transactional
    @Query("delete from Hold h where h.status = healthcheck.schedule.domain.HoldStatus.RELEASED "
            + "and h.releasedAt < :before")
    int deleteReleasedBefore(@Param("before") Instant before);
}
