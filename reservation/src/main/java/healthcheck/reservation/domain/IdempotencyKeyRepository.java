package healthcheck.reservation.domain;

import java.time.Instant;
import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;
import org.springframework.data.repository.query.Param;
import org.springframework.transaction.annotation.Transactional;

public interface IdempotencyKeyRepository extends ListCrudRepository<IdempotencyKey, String> {

    @Modifying
    @Transactional
    @Query("delete from idempotency_key where created_at < :before")
    int deleteCreatedBefore(@Param("before") Instant before);
}
