package healthcheck.platform.security;

/** The roles a token's {@code roles} claim may carry, and the scopes granted to clients rather than people. */
public final class Roles {

    public static final String ADMIN = "ADMIN";
    public static final String OPERATOR = "OPERATOR";
    public static final String CUSTOMER = "CUSTOMER";
    /** Taking places on a schedule: granted to the reservation service's client credentials alone. */
    public static final String HOLD_SCOPE = "schedule.hold";
    /** Listing and replaying dead letters: granted to the operations tools' client ({@code healthcheck-tools}). */
    public static final String DEAD_LETTERS_SCOPE = "dead-letters";

    private Roles() {
    }
}
