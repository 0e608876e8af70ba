package healthcheck.schedule.domain;

/** A holdId reused with a different schedule, reservation or count: answering success would hide a caller bug. */
public class HoldConflictException extends RuntimeException {

    public HoldConflictException(String holdId) {
        super("Hold " + holdId + " exists for a different schedule, reservation or count");
    }
}
