package healthcheck.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
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

    @Test
    void theDemoLoadGeneratorBooksWithACustomersTokenFromTheLoadTokenSecret() {
        // reservation refuses a booking without a token (401): a generator without one would only count FAILs
        Map<String, Object> load = KustomizeBuilds.manifests(KustomizeBuilds.KUBERNETES.resolve("demo"))
                .get("Deployment", "load");
        Object pod = KubernetesManifests.at(load, "spec", "template", "spec");
        Map<String, Object> container = KubernetesManifests.maps(pod, "containers").getFirst();
        assertThat(String.join("\n", KubernetesManifests.list(container, "command").stream()
                .map(String::valueOf).toList()))
                .contains("read -r TOKEN < /var/run/load/token", "--header \"Authorization: Bearer $TOKEN\"");
        assertThat(KubernetesManifests.maps(container, "volumeMounts")).anySatisfy(mount -> {
            assertThat(mount.get("name")).isEqualTo("token");
            assertThat(mount.get("mountPath")).isEqualTo("/var/run/load");
        });
        assertThat(KubernetesManifests.maps(pod, "volumes")).anySatisfy(volume -> {
            assertThat(volume.get("name")).isEqualTo("token");
            assertThat(KubernetesManifests.text(volume, "secret", "secretName")).isEqualTo("load-token");
        });
    }

    @Test
    void theDemoLoadGeneratorGetsThroughTheNetworkPoliciesToItsTargetAndTheGateway() {
        // the demo is applied on top of an overlay; its own policies must open what the base's default-deny closes
        HostCommand.Result system = KustomizeBuilds.build(KustomizeBuilds.OVERLAYS.resolve("minikube"));
        HostCommand.Result demo = KustomizeBuilds.build(KustomizeBuilds.KUBERNETES.resolve("demo"));
        assertThat(system.succeeded() && demo.succeeded()).as("both build").isTrue();
        NetworkPolicies policies = new NetworkPolicies(KubernetesManifests.parse(system.stdout() + "\n---\n"
                + demo.stdout()), KubernetesManifestChecker.NAMESPACE);
        NetworkPolicies.Workload load = policies.workload("load").orElseThrow();
        List<NetworkPolicies.Flow> flows = policies.flows().stream().filter(flow -> flow.source() == load).toList();
        assertThat(flows).as("what the load generator calls").extracting(flow -> flow.target().name())
                .contains("reservation");
        for (NetworkPolicies.Flow flow : flows) {
            assertThat(policies.letsOut(load, flow.target(), flow.port())).as("load may call %s", flow.target().name())
                    .isTrue();
            assertThat(policies.admits(flow.target(), load, flow.port())).as("%s takes load's calls",
                    flow.target().name()).isTrue();
        }
        NetworkPolicies.Workload gateway = policies.workload("gateway").orElseThrow();
        assertThat(policies.letsOut(load, gateway, 8080) && policies.admits(gateway, load, 8080))
                .as("load may call the gateway").isTrue();
        assertThat(policies.resolvesNames(load)).as("load may resolve names").isTrue();
    }

    @Test
    void withoutTheDemoNothingButTheGatewayReachesReservation() {
        NetworkPolicies policies = new NetworkPolicies(KustomizeBuilds.manifests(KustomizeBuilds.OVERLAYS
                .resolve("minikube")), KubernetesManifestChecker.NAMESPACE);
        NetworkPolicies.Workload reservation = policies.workload("reservation").orElseThrow();
        for (NetworkPolicies.Workload other : policies.workloads()) {
            assertThat(policies.admits(reservation, other, 8080)).as("reservation takes calls from %s", other.name())
                    .isEqualTo(other.name().equals("gateway"));
        }
    }

    private static void assertBuilds(Path directory) {
        HostCommand.Result result = KustomizeBuilds.build(directory);
        assertThat(result.succeeded()).as("kubectl kustomize %s: %s", directory, result.describe()).isTrue();
        assertThat(KubernetesManifests.parse(result.stdout()).objects()).isNotEmpty();
    }
}
