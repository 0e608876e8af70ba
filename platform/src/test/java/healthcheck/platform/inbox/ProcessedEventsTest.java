package healthcheck.platform.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** On H2 here, and on PostgreSQL in the build's PostgreSQL run: each has its own insert-unless-seen statement. */
@SpringBootTest(classes = ProcessedEventsTest.Database.class,
        properties = "spring.datasource.url=jdbc:h2:mem:processed-events;DB_CLOSE_DELAY=-1")
class ProcessedEventsTest {

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
            JdbcTemplateAutoConfiguration.class, FlywayAutoConfiguration.class})
    static class Database {

        @Bean
        ProcessedEvents processedEvents(JdbcTemplate jdbc) {
            return new ProcessedEvents(jdbc);
        }
    }

    @Autowired
    ProcessedEvents processedEvents;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PlatformTransactionManager transactionManager;

    private boolean markInTransaction(UUID eventId, String consumer) {
        return Boolean.TRUE.equals(new TransactionTemplate(transactionManager)
                .execute(status -> processedEvents.markFirstDelivery(eventId, consumer)));
    }

    @Test
    void theFirstDeliveryOfAnEventToAConsumerCountsAndARedeliveryDoesNot() {
        UUID eventId = UUID.randomUUID();

        assertThat(markInTransaction(eventId, "delivery")).isTrue();
        assertThat(markInTransaction(eventId, "delivery")).isFalse();
        assertThat(markInTransaction(eventId, "customercenter")).as("another consumer's first").isTrue();
    }

    @Test
    void aRolledBackFirstDeliveryLeavesNothingSoTheRetryCountsAsFirst() {
        UUID eventId = UUID.randomUUID();
        new TransactionTemplate(transactionManager).executeWithoutResult(status -> {
            assertThat(processedEvents.markFirstDelivery(eventId, "delivery")).isTrue();
            status.setRollbackOnly();
        });

        assertThat(markInTransaction(eventId, "delivery")).isTrue();
    }

    @Test
    void twoDeliveriesRacingNeverBothCountAsFirst() throws Exception {
        UUID eventId = UUID.randomUUID();
        CountDownLatch bothMarked = new CountDownLatch(2);
        List<Future<Boolean>> racers = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(2)) {
            for (int i = 0; i < 2; i++) {
                racers.add(pool.submit(() -> new TransactionTemplate(transactionManager).execute(status -> {
                    boolean first = processedEvents.markFirstDelivery(eventId, "delivery");
                    bothMarked.countDown();
                    // hold the transaction open a moment so the other one's statement meets it uncommitted
                    awaitQuietly(bothMarked);
                    return first;
                })));
            }
            int firsts = 0;
            for (Future<Boolean> racer : racers) {
                try {
                    firsts += Boolean.TRUE.equals(racer.get(20, TimeUnit.SECONDS)) ? 1 : 0;
                } catch (java.util.concurrent.ExecutionException e) {
                    // the loser may fail on the primary key instead, rolling its effect back: retried, then skipped
                    assertThat(e.getCause()).isInstanceOf(DataIntegrityViolationException.class);
                }
            }
            assertThat(firsts).isOne();
        }
    }

    @Test
    void forgetsOnlyTheIdsProcessedBeforeTheCutoff() {
        UUID old = UUID.randomUUID();
        UUID recent = UUID.randomUUID();
        jdbc.update("insert into processed_event (event_id, consumer, processed_at) values (?, ?, ?)",
                old.toString(), "delivery", Timestamp.from(Instant.now().minus(Duration.ofDays(20))));
        markInTransaction(recent, "delivery");

        int forgotten = processedEvents.forgetProcessedBefore(Instant.now().minus(Duration.ofDays(14)));

        assertThat(forgotten).isGreaterThanOrEqualTo(1);
        assertThat(markInTransaction(recent, "delivery")).as("still remembered").isFalse();
        assertThat(markInTransaction(old, "delivery")).as("forgotten").isTrue();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(500, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
