package healthcheck.schedule.domain;

/** The booking attempt this holdId belongs to has already been failed or cancelled: taking now would leak places. */
public class HoldReleasedException extends RuntimeException {

    public HoldReleasedException(String holdId) {
        super("Hold " + holdId + " has already been released; its booking attempt is over");
    }
}
