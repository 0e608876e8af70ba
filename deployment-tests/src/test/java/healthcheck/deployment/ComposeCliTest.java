package healthcheck.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml is a file compose itself accepts, and compose resolves it the way the static checks in
 * {@link ComposeFileTest} read it. Runs every compose tool installed: the standalone docker-compose (Debian's
 * 1.29) and the docker CLI's compose plugin (v2). Neither needs a Docker engine for this.
 */
class ComposeCliTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private final ComposeModel written = ComposeModel.read();

    @Test
    void composeAcceptsTheFile() {
        for (List<String> tool : composeTools()) {
            HostCommand.Result result = compose(tool, "config", "-q");
            assertThat(result.succeeded()).as("%s config -q: %s", tool, result.describe()).isTrue();
        }
    }

    @Test
    void composeResolvesImagesEnvironmentPortsAndWaitsAsTheChecksAssume() {
        for (List<String> tool : composeTools()) {
            HostCommand.Result result = compose(tool, "config");
            assertThat(result.succeeded()).as("%s config: %s", tool, result.describe()).isTrue();
            ComposeModel resolved = ComposeModel.parse(result.stdout());
            assertThat(resolved.services()).as("%s", tool).containsExactlyInAnyOrderElementsOf(written.services());
            for (String service : written.services()) {
                assertThat(resolved.text(service, "image")).as("%s: %s image", tool, service)
                        .isEqualTo(ComposeModel.withDefaults(written.text(service, "image")));
                Map<String, String> environment = new LinkedHashMap<>();
                written.environment(service).forEach((name, value) -> environment.put(name,
                        ComposeModel.withDefaults(value)));
                assertThat(resolved.environment(service)).as("%s: %s environment", tool, service)
                        .containsExactlyInAnyOrderEntriesOf(environment);
                assertThat(resolved.ports(service)).as("%s: %s ports", tool, service)
                        .containsExactlyInAnyOrderElementsOf(written.ports(service));
                assertThat(resolved.dependsOn(service)).as("%s: %s depends_on", tool, service)
                        .containsExactlyInAnyOrderEntriesOf(written.dependsOn(service));
            }
        }
    }

    /** Runs compose with none of the file's variables set, so what is checked is the defaults. */
    private HostCommand.Result compose(List<String> tool, String... arguments) {
        List<String> command = Stream.of(tool.stream(), Stream.of("-f", ComposeModel.FILE.toString()),
                Stream.of(arguments)).flatMap(part -> part).toList();
        return HostCommand.run(command, Map.of(), List.copyOf(written.variables()), TIMEOUT);
    }

    /** The compose tools on this machine; skipped without one, except in CI, where that is a failure. */
    private static List<List<String>> composeTools() {
        List<List<String>> tools = new ArrayList<>();
        for (List<String> tool : List.of(List.of("docker-compose"), List.of("docker", "compose"))) {
            List<String> version = Stream.concat(tool.stream(), Stream.of("version")).toList();
            if (HostCommand.run(version, Map.of(), TIMEOUT).succeeded()) {
                tools.add(tool);
            }
        }
        if (tools.isEmpty()) {
            AbsentToolPolicy.skipOrFail("neither docker-compose nor the docker compose plugin is installed");
        }
        return tools;
    }
}
