package healthcheck.schedule.domain;

import jakarta.persistence.LockModeType;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface ScheduleRepository extends JpaRepository<Schedule, Long> {

    Optional<Schedule> findByIdempotencyKey(String idempotencyKey);

    /** The schedule with its row locked until the transaction ends: what every writer of a hold takes first. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select s from Schedule s where s.scheduleId = :scheduleId")
    Optional<Schedule> lockById(@Param("scheduleId") long scheduleId);

    /**
     * Takes {@code count} places in one conditional update: the database checks and decrements under the row
     * lock, so concurrent takes serialise and none can go below zero. 1 = taken, 0 = not enough (or unknown).
     */
    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("update Schedule s set s.availableCount = s.availableCount - :count "
            + "where s.scheduleId = :scheduleId and s.availableCount >= :count")
    int take(@Param("scheduleId") long scheduleId, @Param("count") int count);

    /** Gives places back, never beyond capacity. 0 means the books do not add up: the caller must fail loudly. */
    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("update Schedule s set s.availableCount = s.availableCount + :count "
            + "where s.scheduleId = :scheduleId and s.availableCount + :count <= s.capacity")
    int giveBack(@Param("scheduleId") long scheduleId, @Param("count") int count);
}
