package healthcheck.schedule.domain;

import healthcheck.platform.refusal.Refusal;

/** A holdId reused with a different schedule, reservation or count: answering success would hide a caller bug. */
public class HoldConflictException extends Refusal {

    public HoldConflictException(String holdId) {
        super(Kind.CONFLICT, "HOLD_ID_CONFLICT", "Hold id already used",
                "Hold " + holdId + " exists for a different schedule, reservation or count");
    }
}
