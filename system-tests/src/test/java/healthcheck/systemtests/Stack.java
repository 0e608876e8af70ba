package healthcheck.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The stack as bin/stack runs it: its URLs and the commands to stop and start one component. */
final class Stack {

    static final Path ROOT = Path.of(System.getProperty("e2e.root", "..")).toAbsolutePath().normalize();

    private Stack() {
    }

    static String gateway() {
        return "http://127.0.0.1:" + port("GATEWAY_PORT", 8088);
    }

    static String service(String name) {
        return "http://127.0.0.1:" + port(name.toUpperCase() + "_PORT", switch (name) {
            case "schedule" -> 8081;
            case "reservation" -> 8082;
            case "delivery" -> 8083;
            default -> 8084;
        });
    }

    private static int port(String variable, int fallback) {
        String value = System.getenv(variable);
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value);
    }

    static void stop(String component) {
        run("stop", component);
    }

    static void start(String component) {
        run("start", component);
    }

    private static void run(String command, String component) {
        try {
            Process process = new ProcessBuilder("bash", ROOT.resolve("bin/stack").toString(), command, component)
                    .redirectErrorStream(true).start();
            boolean finished = process.waitFor(4, TimeUnit.MINUTES);
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            System.out.printf("bin/stack %s %s%n%s%n", command, component, output);
            assertThat(finished).as("bin/stack %s %s finished", command, component).isTrue();
            assertThat(process.exitValue()).as("bin/stack %s %s exit code; output:%n%s", command, component, output)
                    .isZero();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
