package healthcheck.reservation.domain;

import java.time.Instant;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.transaction.annotation.Transactional;

public interface IdempotencyKeyRepository extends JpaRepository<IdempotencyKey, String> {

    @Modifying
    @Transactional
    @Query("delete from IdempotencyKey k where k.createdAt < :before")
    int deleteCreatedBefore(Instant before);
}
