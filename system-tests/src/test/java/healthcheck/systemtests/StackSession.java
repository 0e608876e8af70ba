package healthcheck.systemtests;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Starts the stack as the README does (bin/stack start, with this round's options), from empty databases and an
 * empty broker, before any test, and stops it when the test run ends, failed or not. Each failsafe execution is
 * its own run: one round on the embedded databases, one on PostgreSQL with two instances of schedule and
 * reservation. With -De2e.manageStack=false the tests use a stack that is already running.
 */
public final class StackSession implements LauncherSessionListener, ExecutionCondition {

    /** Why this round cannot run here; null when it can. Shared by the listener and the condition instances. */
    private static volatile String unavailable;
    private boolean started;

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        if (Boolean.getBoolean("e2e.skipRound")) {
            unavailable = "this round was left out (-DskipPostgresTests)";
            return;
        }
        if (!Boolean.parseBoolean(System.getProperty("e2e.manageStack", "false"))) {
            return;
        }
        if (options().contains("--postgres") && !postgresAnswers()
                && !"true".equalsIgnoreCase(System.getenv("HEALTHCHECK_CI"))) {
            unavailable = "no PostgreSQL answers at " + postgresHost() + ":" + postgresPort()
                    + "; start one (or set PGHOST, PGPORT, PGUSER, PGPASSWORD) to run the PostgreSQL round";
            System.out.println("Skipping this round: " + unavailable);
            return;
        }
        Stack.run("stop");
        Stack.run(withOptions("reset"));
        started = true;
        try {
            Stack.run(withOptions("start"));
        } catch (RuntimeException | AssertionError e) {
            // the session is not closed after a failed open: leave nothing running behind
            Stack.run("stop");
            throw e;
        }
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        if (started) {
            Stack.run("stop");
        }
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return unavailable == null ? ConditionEvaluationResult.enabled("the stack is up")
                : ConditionEvaluationResult.disabled(unavailable);
    }

    private static String[] withOptions(String command) {
        List<String> arguments = new ArrayList<>(List.of(command));
        arguments.addAll(options());
        return arguments.toArray(String[]::new);
    }

    private static List<String> options() {
        String options = System.getProperty("e2e.stack.options", "").trim();
        return options.isEmpty() ? List.of() : Arrays.asList(options.split("\\s+"));
    }

    private static boolean postgresAnswers() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(postgresHost(), postgresPort()), 2_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String postgresHost() {
        String host = System.getenv("PGHOST");
        return host == null || host.isBlank() ? "127.0.0.1" : host;
    }

    private static int postgresPort() {
        String port = System.getenv("PGPORT");
        return port == null || port.isBlank() ? 5432 : Integer.parseInt(port);
    }
}
