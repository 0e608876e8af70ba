package healthcheck.platform.outbox;

import healthcheck.events.ReservationPlaced;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@SpringBootApplication
class OutboxTestApplication {

    /** A state change and its event in one transaction, as the services do it. */
    @Service
    static class Bookings {
        private final JdbcTemplate jdbc;
        private final EventOutbox outbox;

        Bookings(JdbcTemplate jdbc, EventOutbox outbox) {
            this.jdbc = jdbc;
            this.outbox = outbox;
        }

        @Transactional
        public void book(long id, boolean thenFail) {
            jdbc.update("insert into booking (id) values (?)", id);
            outbox.publish(ReservationPlaced.of(id, 7, 1, null, "hold-" + id));
            if (thenFail) {
                throw new IllegalStateException("the transaction fails after publishing");
            }
        }
    }
}
