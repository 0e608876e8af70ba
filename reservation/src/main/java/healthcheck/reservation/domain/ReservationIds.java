package healthcheck.reservation.domain;

import org.springframework.data.jdbc.core.dialect.JdbcDialect;
import org.springframework.data.relational.core.sql.SqlIdentifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Assigns ids to bookings that came without one. Clients may pick their own ids too, so a sequence value may be
 * taken already. The first try trusts the sequence ({@link #next()}): a taken value fails the booking's insert, and
 * the retry skips the values clients used ({@link #nextUnused()}). Looking at the table before every insert cost
 * each booking a statement for a collision that only a client choosing ids in the sequence's range can cause.
 */
@Component
class ReservationIds {

    private static final String SEQUENCE = "reservation_id_seq";
    private static final int MAX_SKIPS = 10_000;

    private final JdbcTemplate jdbc;
    private final ReservationRepository reservations;
    private final String nextValueSql;

    ReservationIds(JdbcTemplate jdbc, JdbcDialect dialect, ReservationRepository reservations) {
        this.jdbc = jdbc;
        this.reservations = reservations;
        // The dialect knows each database's sequence syntax, which H2, HSQLDB and PostgreSQL spell differently.
        this.nextValueSql = dialect.getIdGeneration().createSequenceQuery(SqlIdentifier.unquoted(SEQUENCE));
    }

    /** The sequence's next value, which a client may have used already. */
    @Transactional(propagation = Propagation.MANDATORY)
    long next() {
        return jdbc.queryForObject(nextValueSql, Long.class);
    }

    /** The sequence's next value that no booking has. */
    @Transactional(propagation = Propagation.MANDATORY)
    long nextUnused() {
        for (int i = 0; i < MAX_SKIPS; i++) {
            long candidate = next();
            if (!reservations.existsById(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("No free reservation id after " + MAX_SKIPS + " tries");
    }
}
