package healthcheck.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The drills' way to run a command of this machine (bin/stack, bin/images, jcmd, the JVM, PostgreSQL's tools): to
 * its end or its deadline, whichever comes first. What it prints goes to files, not pipes: a pipe nobody reads while
 * the command runs fills up and stalls it. A command past its deadline is killed with what it started, so a hung one
 * cannot outlive the test that gave up on it.
 */
final class Commands {

    private Commands() {
    }

    /** What a finished command printed: {@code output} on stdout (and stderr, if merged), {@code errors} otherwise. */
    record Finished(String shown, int exit, String output, String errors) {

        /** Requires exit code 0, showing the end of what the command printed if not. */
        Finished succeeded() {
            assertThat(exit).as("%s exit code; it printed:%n%s", shown, tail(output + errors)).isZero();
            return this;
        }

        /** The last lines printed: enough to see why a command failed, not the ~200,000 of a cache listing. */
        private static String tail(String printed) {
            List<String> lines = printed.lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        }
    }

    /** Runs the command with stderr merged into its output, and returns once it has exited. */
    static Finished run(Duration deadline, List<String> command) {
        return start(deadline, command, true);
    }

    /** Runs the command keeping stderr apart, for a command whose stdout is its answer (a token, say). */
    static Finished answer(Duration deadline, List<String> command) {
        return start(deadline, command, false);
    }

    private static Finished start(Duration deadline, List<String> command, boolean mergeErrors) {
        String shown = String.join(" ", command);
        Path output = null;
        Path errors = null;
        try {
            output = Files.createTempFile("command-", ".out");
            errors = Files.createTempFile("command-", ".err");
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(output.toFile());
            if (mergeErrors) {
                builder.redirectErrorStream(true);
            } else {
                builder.redirectError(errors.toFile());
            }
            Process process = builder.start();
            if (!process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new AssertionError("%s did not finish within %s; killed. It printed:%n%s".formatted(shown,
                        deadline, Finished.tail(Files.readString(output, StandardCharsets.UTF_8))));
            }
            return new Finished(shown, process.exitValue(), Files.readString(output, StandardCharsets.UTF_8),
                    Files.readString(errors, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + shown, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + shown, e);
        } finally {
            deleteQuietly(output);
            deleteQuietly(errors);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // a temp file left behind costs less than hiding the command's own outcome
            }
        }
    }
}
