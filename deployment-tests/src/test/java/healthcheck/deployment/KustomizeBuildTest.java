package healthcheck.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every kustomization in kubernetes/ builds, so `kubectl apply -k` cannot fail on the manifests themselves. */
class KustomizeBuildTest {

    @Test
    void theBaseBuildsOnItsOwn() {
        assertBuilds(KustomizeBuilds.BASE);
    }

    @TestFactory
    Stream<DynamicTest> everyOverlayBuilds() {
        return KustomizeBuilds.overlays().stream()
                .map(overlay -> DynamicTest.dynamicTest(overlay.getFileName().toString(), () -> assertBuilds(overlay)));
    }

    @Test
    void thereIsAnOverlayForMinikubeAndOneForAks() {
        assertThat(KustomizeBuilds.overlays()).extracting(overlay -> overlay.getFileName().toString())
                .contains("minikube", "aks");
    }

    @Test
    void theDemoLoadGeneratorBuildsAndPassesTheNamespacesRestrictedPodSecurity() {
        // the namespace enforces "restricted": a pod without these would be refused in the middle of a demo
        Path demo = KustomizeBuilds.KUBERNETES.resolve("demo");
        assertBuilds(demo);
        Map<String, Object> load = KustomizeBuilds.manifests(demo).get("Deployment", "load");
        Object pod = KubernetesManifests.at(load, "spec", "template", "spec");
        assertThat(KubernetesManifests.text(load, "metadata", "namespace")).isEqualTo("healthcheck");
        assertThat(KubernetesManifests.isTrue(pod, "securityContext", "runAsNonRoot")).isTrue();
        assertThat(KubernetesManifests.text(pod, "securityContext", "seccompProfile", "type")).isEqualTo("RuntimeDefault");
        for (Map<String, Object> container : KubernetesManifests.maps(pod, "containers")) {
            assertThat(KubernetesManifests.text(container, "securityContext", "allowPrivilegeEscalation"))
                    .isEqualTo("false");
            assertThat(KubernetesManifests.list(container, "securityContext", "capabilities", "drop"))
                    .containsExactly("ALL");
            assertThat(KubernetesManifests.map(container, "resources", "limits")).containsKeys("cpu", "memory");
        }
    }

    private static void assertBuilds(Path directory) {
        HostCommand.Result result = KustomizeBuilds.build(directory);
        assertThat(result.succeeded()).as("kubectl kustomize %s: %s", directory, result.describe()).isTrue();
        assertThat(KubernetesManifests.parse(result.stdout()).objects()).isNotEmpty();
    }
}
