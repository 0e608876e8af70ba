package healthcheck.reservation.persistence;

import healthcheck.reservation.domain.Reservation;
import healthcheck.reservation.domain.ReservationUpdates;
import jakarta.persistence.EntityManager;
import org.hibernate.Session;
import org.hibernate.StatelessSession;
import org.springframework.stereotype.Repository;

/**
 * {@link ReservationUpdates} with Hibernate. JPA has no update of a detached entity that skips reading it
 * ({@code merge} selects the row first); Hibernate's stateless session has one: a single
 * {@code UPDATE ... WHERE version = ?} that bumps the version, on the calling session's connection, so it commits or
 * rolls back with the caller's transaction.
 */
@Repository // Spring translates Hibernate's stale-state exception to OptimisticLockingFailureException
class StatelessReservationUpdates implements ReservationUpdates {

    private final EntityManager entityManager;

    StatelessReservationUpdates(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    @Override
    public void updateWithoutReading(Reservation reservation) {
        try (StatelessSession sameConnection = entityManager.unwrap(Session.class)
                .statelessWithOptions().connection().open()) {
            sameConnection.update(reservation);
        }
    }
}
