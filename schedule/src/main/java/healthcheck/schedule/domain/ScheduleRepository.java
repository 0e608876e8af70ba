package healthcheck.schedule.domain;

import java.util.Optional;
import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.relational.core.sql.LockMode;
import org.springframework.data.relational.repository.Lock;
import org.springframework.data.repository.ListCrudRepository;
import org.springframework.data.repository.ListPagingAndSortingRepository;
import org.springframework.data.repository.query.Param;

public interface ScheduleRepository extends ListCrudRepository<Schedule, Long>,
        ListPagingAndSortingRepository<Schedule, Long> {

    Optional<Schedule> findByIdempotencyKey(String idempotencyKey);

    /** The schedule with its row locked until the transaction ends: what every writer of a hold takes first. */
    @Lock(LockMode.PESSIMISTIC_WRITE)
    Optional<Schedule> findLockedByScheduleId(long scheduleId);

    /**
     * Takes {@code count} places in one conditional update: the database checks and decrements under the row
     * lock, so concurrent takes serialise and none can go below zero. 1 = taken, 0 = not enough (or unknown).
     */
    @Modifying
    @Query("update schedule set available_count = available_count - :count "
            + "where schedule_id = :scheduleId and available_count >= :count")
    int take(@Param("scheduleId") long scheduleId, @Param("count") int count);

    /** Gives places back, never beyond capacity. 0 means the books do not add up: the caller must fail loudly. */
    @Modifying
    @Query("update schedule set available_count = available_count + :count "
            + "where schedule_id = :scheduleId and available_count + :count <= capacity")
    int giveBack(@Param("scheduleId") long scheduleId, @Param("count") int count);
}
