package healthcheck.testsupport;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;

/**
 * Decides which tests take part in a PostgreSQL run: only those that start a Spring Boot context (the others do
 * not touch a database and already ran). Without a reachable server the run is skipped, visibly, on a developer's
 * machine; in CI (HEALTHCHECK_CI=true) it goes ahead and fails on the connection instead.
 */
public final class PostgresRunCondition implements ExecutionCondition {

    private static volatile Boolean reachable;

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (!PostgresTestDatabase.requested()) {
            return ConditionEvaluationResult.enabled("not a PostgreSQL run");
        }
        var testClass = context.getTestClass();
        if (testClass.isEmpty()) {
            return ConditionEvaluationResult.enabled("engine level");
        }
        if (!MergedAnnotations.from(testClass.get(), SearchStrategy.TYPE_HIERARCHY).isPresent(SpringBootTest.class)) {
            return ConditionEvaluationResult.disabled("no database in this test; it ran in the default run");
        }
        PostgresTestDatabase database = new PostgresTestDatabase();
        if (reachable == null) {
            reachable = database.reachable();
        }
        if (!reachable && !PostgresTestDatabase.required()) {
            return ConditionEvaluationResult.disabled("PostgreSQL at " + database.describe()
                    + " is not reachable; start one (or set PGHOST, PGPORT, PGUSER, PGPASSWORD) to run this on it");
        }
        return ConditionEvaluationResult.enabled("on PostgreSQL " + database.describe());
    }
}
