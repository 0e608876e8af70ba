package healthcheck.schedule.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import healthcheck.schedule.IntegrationTest;
import healthcheck.testsupport.Crowd;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The no-overbooking guarantee on the real database, with all callers released at the same instant. */
class ConcurrentHoldsTest extends IntegrationTest {

    @Autowired
    ScheduleService service;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    PlatformTransactionManager transactionManager;

    private int heldOn(long scheduleId) {
        return jdbc.queryForObject("select count(*) from place_hold where schedule_id = ? and status = 'HELD'",
                Integer.class, scheduleId);
    }

    private enum Outcome { TAKEN, REPLAYED, REFUSED }

    @Test
    void twoHundredConcurrentSinglePlaceHoldsOnFiftyPlacesTakeExactlyFifty() throws Exception {
        long scheduleId = freshId();
        service.register(scheduleId, 50, null, null, null, null);

        List<Outcome> outcomes = Crowd.together(200, caller -> {
            try {
                return service.hold(scheduleId, UUID.randomUUID().toString(), freshId(), 1).created()
                        ? Outcome.TAKEN : Outcome.REPLAYED;
            } catch (InsufficientCapacityException e) {
                return Outcome.REFUSED;
            }
        });

        assertThat(outcomes).filteredOn(o -> o == Outcome.TAKEN).hasSize(50);
        assertThat(outcomes).filteredOn(o -> o == Outcome.REFUSED).hasSize(150);
        assertThat(heldOn(scheduleId)).isEqualTo(50);
        assertThat(service.get(scheduleId).availableCount()).isZero();
    }

    @Test
    void aHoldIdRepeatedConcurrentlyTakesOnce() throws Exception {
        long scheduleId = freshId();
        long reservationId = freshId();
        String holdId = UUID.randomUUID().toString();
        service.register(scheduleId, 100, null, null, null, null);

        List<HoldResult> outcomes = Crowd.together(20, caller -> service.hold(scheduleId, holdId, reservationId, 7));
        assertThat(outcomes).filteredOn(HoldResult::created).hasSize(1);
        assertThat(outcomes).allSatisfy(o -> assertThat(o.hold().holdId()).isEqualTo(holdId));
        assertThat(service.get(scheduleId).availableCount()).isEqualTo(93);
        assertThat(heldOn(scheduleId)).isEqualTo(1);
    }

    @Test
    void aHoldIdRetriedAfterTheFirstCallAnsweredTakesOnce() {
        long scheduleId = freshId();
        String holdId = UUID.randomUUID().toString();
        service.register(scheduleId, 10, null, null, null, null);

        HoldResult first = service.hold(scheduleId, holdId, 1, 4);
        HoldResult retry = service.hold(scheduleId, holdId, 1, 4);

        assertThat(first.created()).isTrue();
        assertThat(retry.created()).isFalse();
        assertThat(retry.availableCount()).isEqualTo(6);
        assertThat(service.get(scheduleId).availableCount()).isEqualTo(6);
    }

    /**
     * A repeated take holds the schedule's row and then needs the hold's key (PostgreSQL's take statement). A
     * release that locked the hold first and then waited for the row made a deadlock with it, which the database
     * broke only after a second, with every hold on the schedule queued behind the row meanwhile.
     */
    @Test
    void aReleaseWaitsForTheSchedulesRowBeforeItLocksTheHoldSoARepeatedTakeCannotDeadlockWithIt() throws Exception {
        long scheduleId = freshId();
        long reservationId = freshId();
        String holdId = UUID.randomUUID().toString();
        service.register(scheduleId, 10, null, null, null, null);
        service.hold(scheduleId, holdId, reservationId, 2);

        Future<ReleaseOutcome> release;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            release = new TransactionTemplate(transactionManager).execute(status -> {
                // what a repeated take of the hold does: the schedule's row first...
                jdbc.queryForObject("select available_count from schedule where schedule_id = ? for update",
                        Integer.class, scheduleId);
                Future<ReleaseOutcome> releasing = pool.submit(
                        () -> service.release(holdId, scheduleId, reservationId, 2));
                awaitASessionWaitingForALock();
                assertThat(releasing).as("the release waits for the schedule's row").isNotDone();
                // ...then the hold's key, which the release must not have locked while it waits for the row
                jdbc.queryForObject("select status from place_hold where hold_id = ? for update", String.class,
                        holdId);
                return releasing;
            });
        }

        assertThat(release.get(10, TimeUnit.SECONDS)).isEqualTo(ReleaseOutcome.RELEASED);
        assertThat(service.get(scheduleId).availableCount()).isEqualTo(10);
        assertThat(heldOn(scheduleId)).isZero();
    }

    /** Until another session of the database waits for a lock (the release, queued for the schedule's row). */
    private void awaitASessionWaitingForALock() {
        String product = jdbc.execute(
                (ConnectionCallback<String>) connection -> connection.getMetaData().getDatabaseProductName());
        String waiting = "PostgreSQL".equals(product)
                ? "select count(*) from pg_locks where not granted"
                : "select count(*) from information_schema.sessions where blocker_id is not null";
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> jdbc.queryForObject(waiting, Integer.class) > 0);
    }
}
