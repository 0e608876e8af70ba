package healthcheck.delivery.domain;

import static healthcheck.events.DeliveryStatus.CANCELLED;
import static healthcheck.events.DeliveryStatus.REQUESTED;
import static healthcheck.events.DeliveryStatus.SHIPPED;
import static healthcheck.events.DeliveryStatus.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import healthcheck.delivery.DeliveryIntegrationTest;
import healthcheck.events.DeliveryStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What delivery's tables hold and what it reads back from them, on each database it runs on (HSQLDB embedded,
 * PostgreSQL in production), including the rows Hibernate wrote before delivery moved to Spring Data JDBC.
 */
@DeliveryIntegrationTest
class DeliveryStorageTest {

    private static final AtomicLong NEXT_RESERVATION =
            new AtomicLong(ThreadLocalRandom.current().nextLong(1, 1_000_000) * 1000 + 700_000_000_000L);

    /** Neither UTC nor, most likely, the zone the JVM runs in. */
    private static final ZoneOffset SEOUL = ZoneOffset.ofHours(9);

    @Autowired
    DeliveryRepository repository;
    @Autowired
    Deliveries deliveries;
    @Autowired
    JdbcTemplate jdbc;

    /**
     * The timestamp columns are TIMESTAMP WITH TIME ZONE (V1), written and read with Spring Data JDBC's own
     * conversions of Instant. Checked against the database's own reading of the column, so two conversions that
     * shift an instant the same way cannot hide each other. Around the JVM zone's next changes of offset too,
     * where a conversion through the local date and time would pick the wrong one of a repeated hour.
     */
    @Test
    void theInstantsOfADeliveryAreStoredAsTheyAreAndReadBackAsTheyAre() {
        for (Instant at : instantsToTry()) {
            Delivery delivery = Delivery.request(NEXT_RESERVATION.getAndIncrement(), at);
            delivery.advanceTo(STARTED, at.plusMillis(1));
            long deliveryId = repository.save(delivery).id();

            assertThat(instantsInDatabase("select created_at from delivery where delivery_id = ?", deliveryId))
                    .as("created_at of a delivery made at %s", at).containsExactly(at);
            assertThat(instantsInDatabase("select updated_at from delivery where delivery_id = ?", deliveryId))
                    .containsExactly(at.plusMillis(1));
            assertThat(instantsInDatabase("select reached_at from delivery_step where delivery_id = ?"
                    + " order by step_sequence", deliveryId)).containsExactly(at, at.plusMillis(1));

            Delivery read = repository.findById(deliveryId).orElseThrow();
            assertThat(read.createdAt()).as("read back, made at %s", at).isEqualTo(at);
            assertThat(read.updatedAt()).isEqualTo(at.plusMillis(1));
            assertThat(read.history()).extracting(DeliveryStep::at).containsExactly(at, at.plusMillis(1));
        }
    }

    /**
     * A delivery as Hibernate left it: version 0 (its first), timestamps bound as zoned values, steps stored in
     * any order. Read, it is the same delivery with its history in sequence order; changed, its row is updated,
     * not inserted again (a primitive version of 0 would have made it look new to Spring Data).
     */
    @Test
    void aDeliveryHibernateWroteReadsBackAsItWasAndIsChangedInPlace() {
        long reservationId = NEXT_RESERVATION.getAndIncrement();
        Instant requested = Instant.parse("2026-11-01T09:00:00.123Z");
        Instant started = requested.plus(Duration.ofMinutes(90));
        long deliveryId = hibernateRow(reservationId, STARTED, 2, requested, started);
        // the later step first, so neither step_id nor insertion order matches the sequence
        hibernateStep(deliveryId, 2, STARTED, started);
        hibernateStep(deliveryId, 1, REQUESTED, requested);

        Delivery read = repository.findByReservationId(reservationId).orElseThrow();
        assertThat(read.id()).isEqualTo(deliveryId);
        assertThat(read.status()).isEqualTo(STARTED);
        assertThat(read.lastSequence()).isEqualTo(2);
        assertThat(read.createdAt()).isEqualTo(requested);
        assertThat(read.updatedAt()).isEqualTo(started);
        assertThat(read.history()).extracting(DeliveryStep::sequence, DeliveryStep::status, DeliveryStep::at)
                .containsExactly(tuple(1, REQUESTED, requested),
                        tuple(2, STARTED, started));

        deliveries.cancelMailing(reservationId);

        assertThat(jdbc.queryForList("select version from delivery where reservation_id = ?", Long.class,
                reservationId)).containsExactly(1L);
        DeliverySnapshot cancelled = deliveries.get(deliveryId);
        assertThat(cancelled.status()).isEqualTo(CANCELLED);
        assertThat(cancelled.createdAt()).isEqualTo(requested);
        assertThat(cancelled.history()).extracting(DeliverySnapshot.Step::sequence).containsExactly(1, 2, 3);
        assertThat(cancelled.history()).extracting(DeliverySnapshot.Step::status)
                .containsExactly(REQUESTED, STARTED, CANCELLED);
        assertThat(cancelled.history()).extracting(DeliverySnapshot.Step::at).startsWith(requested, started);
    }

    /** Every way delivery reads a delivery answers its steps in sequence order, whatever order the rows are in. */
    @Test
    void everyReadAnswersTheHistoryInSequenceOrder() {
        long reservationId = NEXT_RESERVATION.getAndIncrement();
        Instant t0 = Instant.parse("2026-11-02T08:00:00Z");
        long deliveryId = hibernateRow(reservationId, SHIPPED, 3, t0, t0.plusSeconds(3));
        hibernateStep(deliveryId, 3, SHIPPED, t0.plusSeconds(3));
        hibernateStep(deliveryId, 1, REQUESTED, t0.plusSeconds(1));
        hibernateStep(deliveryId, 2, STARTED, t0.plusSeconds(2));
        List<Integer> inOrder = List.of(1, 2, 3);

        assertThat(sequences(deliveries.get(deliveryId))).isEqualTo(inOrder);
        assertThat(sequences(repository.findByReservationId(reservationId).orElseThrow())).isEqualTo(inOrder);
        assertThat(deliveries.ofReservation(reservationId, PageRequest.of(0, 10, Sort.by("id"))).getContent())
                .singleElement().satisfies(snapshot -> assertThat(sequences(snapshot)).isEqualTo(inOrder));
        assertThat(deliveries.all(PageRequest.of(0, 100, Sort.by("id").descending())).getContent())
                .filteredOn(snapshot -> snapshot.deliveryId() == deliveryId)
                .singleElement().satisfies(snapshot -> assertThat(sequences(snapshot)).isEqualTo(inOrder));
    }

    /** A fixed instant with milliseconds, and both sides of the JVM zone's next two changes of offset, if any. */
    private static List<Instant> instantsToTry() {
        List<Instant> instants = new ArrayList<>(List.of(Instant.parse("2026-11-01T09:00:00.123Z")));
        Instant from = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < 2; i++) {
            ZoneOffsetTransition change = ZoneId.systemDefault().getRules().nextTransition(from);
            if (change == null) {
                break;
            }
            instants.add(change.getInstant().minus(Duration.ofMinutes(30)).plusMillis(7));
            instants.add(change.getInstant().plus(Duration.ofMinutes(30)).plusMillis(7));
            from = change.getInstant();
        }
        return instants;
    }

    private List<Instant> instantsInDatabase(String sql, long deliveryId) {
        return jdbc.query(sql, (row, n) -> row.getObject(1, OffsetDateTime.class).toInstant(), deliveryId);
    }

    private long hibernateRow(long reservationId, DeliveryStatus status, int lastSequence, Instant createdAt,
                              Instant updatedAt) {
        jdbc.update("insert into delivery (reservation_id, status, last_sequence, created_at, updated_at, version)"
                        + " values (?, ?, ?, ?, ?, 0)", reservationId, status.name(), lastSequence,
                createdAt.atOffset(SEOUL), updatedAt.atOffset(SEOUL));
        return jdbc.queryForObject("select delivery_id from delivery where reservation_id = ?", Long.class,
                reservationId);
    }

    private void hibernateStep(long deliveryId, int sequence, DeliveryStatus status, Instant at) {
        jdbc.update("insert into delivery_step (delivery_id, step_sequence, status, reached_at) values (?, ?, ?, ?)",
                deliveryId, sequence, status.name(), at.atOffset(SEOUL));
    }

    private static List<Integer> sequences(Delivery delivery) {
        return delivery.history().stream().map(DeliveryStep::sequence).toList();
    }

    private static List<Integer> sequences(DeliverySnapshot delivery) {
        return delivery.history().stream().map(DeliverySnapshot.Step::sequence).toList();
    }
}
