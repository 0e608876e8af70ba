package healthcheck.schedule.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import healthcheck.schedule.IntegrationTest;
import healthcheck.schedule.domain.HoldTaker;
import healthcheck.testsupport.PostgresTestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class HoldTakerSelectionTest extends IntegrationTest {

    @Autowired
    HoldTaker taker;

    @Test
    void onPostgresqlTheTakeIsOneStatementInAutocommitAndElsewhereOneTransaction() {
        boolean onPostgresql = "postgres".equalsIgnoreCase(System.getProperty(PostgresTestDatabase.MODE_PROPERTY, ""));
        assertThat(taker).isInstanceOf(onPostgresql ? PostgresHoldTaker.class : TransactionalHoldTaker.class);
    }
}
