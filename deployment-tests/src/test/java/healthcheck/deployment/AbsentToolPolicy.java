package healthcheck.deployment;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Assumptions;

/**
 * What a test does when something it needs from the machine (kubectl, psql, a PostgreSQL server) is not there: on a
 * developer's machine it is skipped, visibly; in CI (HEALTHCHECK_CI=true) the absence is a failure, so a check can
 * never silently stop running there.
 */
final class AbsentToolPolicy {

    static final String CI_VARIABLE = "HEALTHCHECK_CI";

    private AbsentToolPolicy() {
    }

    static boolean ci() {
        return "true".equalsIgnoreCase(System.getenv(CI_VARIABLE));
    }

    static void skipOrFail(String reason) {
        if (ci()) {
            fail(reason + " (" + CI_VARIABLE + "=true, where nothing may be skipped)");
        }
        Assumptions.abort(reason);
    }
}
