package healthcheck.customercenter.domain;

import healthcheck.events.DeliveryStatus;

/** A step in the history of a booking and its mailing. */
public enum Step {
    RESERVED(0),
    CANCELLED(5),
    MAILING_REQUESTED(1),
    MAILING_STARTED(2),
    MAILING_SHIPPED(3),
    MAILING_DELIVERED(4),
    MAILING_CANCELLED(6);

    /**
     * Where the step falls in a booking's life, to order steps that carry the same timestamp (events of two
     * services can be stamped within the same clock tick).
     */
    private final int lifecycleRank;

    Step(int lifecycleRank) {
        this.lifecycleRank = lifecycleRank;
    }

    int lifecycleRank() {
        return lifecycleRank;
    }

    static Step ofMailing(DeliveryStatus status) {
        return switch (status) {
            case REQUESTED -> MAILING_REQUESTED;
            case STARTED -> MAILING_STARTED;
            case SHIPPED -> MAILING_SHIPPED;
            case DELIVERED -> MAILING_DELIVERED;
            case CANCELLED -> MAILING_CANCELLED;
        };
    }
}
