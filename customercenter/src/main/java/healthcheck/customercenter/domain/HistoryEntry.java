package healthcheck.customercenter.domain;

import java.time.Instant;

public record HistoryEntry(Step step, Instant at) {
}
