package healthcheck.platform.housekeeping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;

class HousekeepingTest {

    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

    @Test
    void deletesEachKindOfRowsOlderThanItsOwnRetentionAndGoesOnWhenOneFails() {
        List<Instant> keyCutoffs = new ArrayList<>();
        List<Instant> idCutoffs = new ArrayList<>();
        Housekeeping housekeeping = new Housekeeping(List.of(
                new ExpiringRows("keys", Duration.ofHours(24), cutoff -> {
                    keyCutoffs.add(cutoff);
                    return 3;
                }),
                new ExpiringRows("holds", Duration.ofDays(14), cutoff -> {
                    throw new DataAccessResourceFailureException("the database is restarting");
                }),
                new ExpiringRows("ids", Duration.ofDays(14), cutoff -> {
                    idCutoffs.add(cutoff);
                    return 0;
                })), Clock.fixed(NOW, ZoneOffset.UTC));

        housekeeping.deleteExpired();

        assertThat(keyCutoffs).containsExactly(NOW.minus(Duration.ofHours(24)));
        assertThat(idCutoffs).containsExactly(NOW.minus(Duration.ofDays(14)));
    }

    @Test
    void aRetentionThatIsNotPositiveIsRefusedAtStartup() {
        assertThatIllegalArgumentException().isThrownBy(() -> new ExpiringRows("ids", Duration.ZERO, cutoff -> 0));
    }
}
