package healthcheck.deployment;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A command run on this machine (kubectl, psql, bin/images), its output read in full and its time bounded. */
final class HostCommand {

    /** What the command printed and how it ended; {@code started} is false when there is no such program. */
    record Result(boolean started, int exitCode, String stdout, String stderr) {

        boolean succeeded() {
            return started && exitCode == 0;
        }

        String describe() {
            return started ? "exit " + exitCode + (stderr.isBlank() ? "" : ": " + stderr.strip()) : "not found";
        }
    }

    private HostCommand() {
    }

    static Result run(List<String> command, Map<String, String> environment, Duration timeout) {
        return run(command, environment, List.of(), timeout);
    }

    /**
     * Runs the command in the repository root with the test's environment changed by {@code environment} (a null
     * value removes a variable) and {@code removed} variables taken out.
     */
    static Result run(List<String> command, Map<String, String> environment, List<String> removed, Duration timeout) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(ServiceConfig.ROOT.toFile());
        removed.forEach(builder.environment()::remove);
        environment.forEach((name, value) -> {
            if (value == null) {
                builder.environment().remove(name);
            } else {
                builder.environment().put(name, value);
            }
        });
        Process process;
        try {
            process = builder.start();
        } catch (IOException notFound) {
            return new Result(false, -1, "", notFound.getMessage());
        }
        try {
            process.getOutputStream().close();
            // both streams read concurrently, so a chatty command cannot block on a full pipe
            CompletableFuture<String> stdout = readFully(process.getInputStream());
            CompletableFuture<String> stderr = readFully(process.getErrorStream());
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout);
            }
            return new Result(true, process.exitValue(), stdout.join(), stderr.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new AssertionError("interrupted while running " + command, e);
        }
    }

    private static CompletableFuture<String> readFully(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, task -> Thread.ofVirtual().start(task));
    }
}
