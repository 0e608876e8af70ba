package healthcheck.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every object of every kustomize build (the minikube and AKS overlays, the demo load generator) is valid for each
 * Kubernetes release the manifests are meant for: the oldest AKS runs and the one minikube starts
 * (deployment-tests' pom names them). A build that kubectl accepts can still hold a misspelt field, which the API
 * server refuses at apply time or, in a strategic merge, drops without a word.
 */
class KubernetesApiSchemaTest {

    private static final List<KubernetesApiSchemas> RELEASES = KubernetesApiSchemas.releases();

    @TestFactory
    Stream<DynamicTest> everyObjectOfEveryBuildIsValidForEachKubernetesRelease() {
        List<Path> builds = new ArrayList<>(KustomizeBuilds.overlays());
        builds.add(KustomizeBuilds.KUBERNETES.resolve("demo"));
        return builds.stream().flatMap(build -> RELEASES.stream().map(release -> DynamicTest.dynamicTest(
                ServiceConfig.ROOT.relativize(build) + " on Kubernetes " + release.kubernetesVersion(), () -> {
                    List<Map<String, Object>> objects = KustomizeBuilds.manifests(build).objects();
                    assertThat(objects).isNotEmpty();
                    assertThat(release.problems(objects)).as("what Kubernetes %s refuses in %s",
                            release.kubernetesVersion(), build).isEmpty();
                })));
    }

    @Test
    void theReleasesAreTheOldestAksRunsAndTheOneMinikubeStarts() {
        assertThat(RELEASES).extracting(KubernetesApiSchemas::kubernetesVersion).containsExactly("1.32", "1.35");
    }

    @Test
    void aMisspeltFieldDeepInADeploymentIsRefused() {
        assertRefused(deployment -> {
            Map<String, Object> rollingUpdate = KubernetesManifests.map(deployment, "spec", "strategy", "rollingUpdate");
            rollingUpdate.put("maxUnavailble", rollingUpdate.remove("maxUnavailable"));
        }, "The field `maxUnavailble` in the JSON string is not defined in the `V1RollingUpdateDeployment`");
    }

    @Test
    void aFieldAtTheWrongLevelIsRefused() {
        assertRefused(deployment -> KubernetesManifests.map(deployment, "spec").put("terminationGracePeriodSeconds", 60),
                "The field `terminationGracePeriodSeconds` in the JSON string is not defined in the `V1DeploymentSpec`");
    }

    @Test
    void aMissingRequiredFieldIsRefused() {
        assertRefused(deployment -> KubernetesManifests.map(deployment, "spec", "template", "spec").remove("containers"),
                "The required field `containers` is not found");
    }

    @Test
    void aListWrittenAsOneValueIsRefused() {
        assertRefused(deployment -> KubernetesManifests.map(deployment, "spec", "template", "spec", "containers", 0)
                .put("args", "--verbose"), "Expected the field `args` to be an array");
    }

    @Test
    void anApiVersionKubernetesNoLongerServesIsRefused() {
        assertRefused(deployment -> deployment.put("apiVersion", "apps/v1beta2"),
                "does not serve this apiVersion and kind");
    }

    /** The real minikube build, one of its Deployments broken in memory: every release must name the break. */
    private static void assertRefused(Consumer<Map<String, Object>> breakIt, String expected) {
        Path minikube = KustomizeBuilds.OVERLAYS.resolve("minikube");
        KustomizeBuilds.manifests(minikube); // the build itself must succeed
        for (KubernetesApiSchemas release : RELEASES) {
            // parsed afresh: the build's objects are shared with the other tests
            Map<String, Object> deployment = KubernetesManifests.parse(KustomizeBuilds.build(minikube).stdout())
                    .get("Deployment", "reservation");
            assertThat(release.problems(List.of(deployment))).as("the real Deployment").isEmpty();
            breakIt.accept(deployment);
            assertThat(release.problems(List.of(deployment))).as("Kubernetes %s", release.kubernetesVersion())
                    .singleElement().asString().startsWith("Deployment/reservation").contains(expected);
        }
    }
}
