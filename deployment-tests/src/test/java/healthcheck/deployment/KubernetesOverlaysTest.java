package healthcheck.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every overlay deploys what the services need: the ports, probes, variables and shutdown timing their own
 * configuration asks for, locked-down pods, budgets and autoscalers, and the overlay's own way in, images and secrets.
 */
class KubernetesOverlaysTest {

    @TestFactory
    Stream<DynamicTest> everyOverlayMeetsTheDeploymentRules() {
        return KustomizeBuilds.overlays().stream().map(overlay -> {
            String name = overlay.getFileName().toString();
            return DynamicTest.dynamicTest(name, () -> assertThat(KubernetesManifestChecker.problems(
                    KustomizeBuilds.manifests(overlay), KubernetesOverlayRules.forOverlay(name)))
                    .as("problems in overlay %s", name).isEmpty());
        });
    }
}
