package healthcheck.reservation.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/**
 * A client's retry token for one booking request: the same key with the same request answers that booking again
 * instead of booking twice; with a different request it is refused.
 */
@Entity
@Table(name = "idempotency_key")
public class IdempotencyKey {

    @Id
    @Column(name = "idempotency_key")
    private String key;

    @Column(name = "fingerprint", nullable = false)
    private String fingerprint;

    @Column(name = "reservation_id", nullable = false)
    private long reservationId;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    // Null until stored, so a new key is inserted (never merged over a row a concurrent request stored first), and
    // two retries of a failed attempt cannot both move the key.
    @Version
    @Column(name = "version", nullable = false)
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
