package healthcheck.customercenter.domain;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;
import org.springframework.data.repository.query.Param;

interface MyPageRepository extends ListCrudRepository<MyPage, Long> {

    Page<MyPage> findByCustomerIdAndReservationStatusIsNotNull(String customerId, Pageable page);

    /**
     * Appends a step to a booking's history unless the history has it already, so the first record of a step
     * stays. Called after the page itself was saved in the same transaction: two events for one booking then meet
     * at the page's row (its version or its primary key fails the second), never here.
     */
    @Modifying
    @Query("insert into my_page_step (reservation_id, step, occurred_at)"
            + " select cast(:reservationId as bigint), cast(:step as varchar(30)), cast(:at as timestamp with time zone)"
            + " where not exists (select 1 from my_page_step where reservation_id = :reservationId and step = :step)")
    int appendStepUnlessRecorded(@Param("reservationId") long reservationId, @Param("step") Step step,
                                 @Param("at") Instant at);

    @Query("select reservation_id, step, occurred_at from my_page_step where reservation_id in (:reservationIds)")
    List<RecordedStep> findStepsOf(@Param("reservationIds") Collection<Long> reservationIds);

    /** A my_page_step row. */
    record RecordedStep(long reservationId, Step step, Instant occurredAt) {

        HistoryEntry entry() {
            return new HistoryEntry(step, occurredAt);
        }
    }
}
