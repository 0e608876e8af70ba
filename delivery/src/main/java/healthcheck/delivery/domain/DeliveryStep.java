package healthcheck.delivery.domain;

import healthcheck.events.DeliveryStatus;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import java.time.Instant;

/** One status a delivery reached, numbered from 1 per delivery. Never changed once written. */
@Entity
@Table(name = "delivery_step")
public class DeliveryStep {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "step_id")
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "delivery_id", nullable = false, updatable = false)
    private Delivery delivery;

    @Column(name = "step_sequence", nullable = false, updatable = false)
    private int sequence;

    @Enumerated(EnumType.STRING)
    @Column(name = "status", nullable = false, updatable = false)
    private DeliveryStatus status;

    @JdbcTypeCode(SqlTypes.TIMESTAMP_WITH_TIMEZONE)
    @Column(name = "reached_at", nullable = false, updatable = false)
    private Instant at;

    protected DeliveryStep() {
        // for JPA
    }

    DeliveryStep(Delivery delivery, int sequence, DeliveryStatus status, Instant at) {
        this.delivery = delivery;
        this.sequence = sequence;
        this.status = status;
        this.at = at;
    }

    public int sequence() {
        return sequence;
    }

    public DeliveryStatus status() {
        return status;
    }

    public Instant at() {
        return at;
    }
}
