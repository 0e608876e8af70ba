package healthcheck.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** docker-compose.yml runs what the services read, and what the rest of the deployment builds and provides. */
class ComposeFileTest {

    private final ComposeModel compose = ComposeModel.read();

    @Test
    void composeFileAgreesWithWhatTheServicesRead() {
        assertThat(ComposeChecker.check(compose)).isEmpty();
    }

    @Test
    void brokerAndDatabaseAreTheAgreedOfficialImages() {
        assertThat(compose.text("kafka", "image")).isEqualTo("apache/kafka:4.1.1");
        assertThat(compose.environment("kafka")).containsEntry("KAFKA_PROCESS_ROLES", "broker,controller");
        assertThat(compose.text("postgres", "image")).isEqualTo("postgres:17");
    }

    @Test
    void initScriptPostgresMountsIsInTheRepository() {
        assertThat(ServiceConfig.ROOT.resolve(ComposeChecker.INIT_SCRIPT)).isRegularFile();
    }

    @Test
    void composeRunsTheImagesBinImagesBuilds() {
        assertThat(ServiceConfig.ROOT.resolve("bin/images")).isRegularFile().isExecutable();
        // once with the defaults and once overridden: both must read the same variables the same way
        for (Map<String, String> variables : List.of(Map.<String, String>of(),
                Map.of("IMAGE_REPOSITORY", "registry.example/hc", "IMAGE_TAG", "1.2.3"))) {
            HostCommand.Result listed = HostCommand.run(
                    List.of(ServiceConfig.ROOT.resolve("bin/images").toString(), "list"), variables,
                    List.copyOf(compose.variables()), Duration.ofMinutes(1));
            assertThat(listed.succeeded()).as("bin/images list: %s", listed.describe()).isTrue();
            List<String> expected = ServiceConfig.SERVICES.stream()
                    .map(service -> ComposeModel.interpolate(compose.text(service, "image"), variables)).toList();
            assertThat(listed.stdout().lines().map(String::strip).filter(line -> !line.isEmpty()))
                    .as("bin/images list with %s", variables).containsExactlyInAnyOrderElementsOf(expected);
        }
    }
}
