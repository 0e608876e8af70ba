package healthcheck.schedule.domain;

import healthcheck.platform.refusal.Refusal;

/** The booking attempt this holdId belongs to has already been failed or cancelled: taking now would leak places. */
public class HoldReleasedException extends Refusal {

    public HoldReleasedException(String holdId) {
        super(Kind.CONFLICT, "HOLD_RELEASED", "Hold already released",
                "Hold " + holdId + " has already been released; its booking attempt is over");
    }
}
