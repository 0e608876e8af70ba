package healthcheck.delivery.domain;

import healthcheck.events.DeliveryStatus;
import java.time.Instant;
import org.springframework.data.relational.core.mapping.Column;
import org.springframework.data.relational.core.mapping.Table;

/**
 * One status a delivery reached, numbered from 1 per delivery. Never changed once written. Part of its
 * {@link Delivery}, which stores it (delivery_step.delivery_id); the table's own step_id is left to its default.
 */
@Table("delivery_step")
public class DeliveryStep {

    @Column("step_sequence")
    private final int sequence;

    private final DeliveryStatus status;

    @Column("reached_at")
    private final Instant at;

    DeliveryStep(int sequence, DeliveryStatus status, Instant at) {
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
