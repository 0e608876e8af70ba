package healthcheck.reservation.domain;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Column;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A client's retry token for one booking request: the same key with the same request answers that booking again
 * instead of booking twice; with a different request it is refused.
 */
@Table("idempotency_key")
public class IdempotencyKey {

    @Id
    @Column("idempotency_key")
    private String key;

    private String fingerprint;

    private long reservationId;

    private Instant createdAt;

    // Null until stored, so a new key is inserted (never merged over a row a concurrent request stored first), and
    // two retries of a failed attempt cannot both move the key.
    @Version
    private Long version;

    protected IdempotencyKey() {
    }

    IdempotencyKey(String key, String fingerprint, long reservationId, Instant createdAt) {
        this.key = key;
        this.fingerprint = fingerprint;
        this.reservationId = reservationId;
        this.createdAt = createdAt;
    }

    /** The key's earlier attempt booked nothing; this attempt is now the one the key stands for. */
    void attemptedAs(long reservationId) {
        this.reservationId = reservationId;
    }

    boolean sameRequest(String fingerprint) {
        return this.fingerprint.equals(fingerprint);
    }

    public String key() {
        return key;
    }

    public long reservationId() {
        return reservationId;
    }
}
