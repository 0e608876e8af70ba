package healthcheck.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The memory the Deployments give each application is the memory docker-compose.yml gives it, so that the containers
 * bin/images verify runs under load (ContainerMemoryIT, which measures how close each comes to its limit) stand for
 * the pods. The image sizes its heap from the limit, so a pod with a different limit is a different JVM.
 */
class DeploymentMemoryTest {

    private static final Pattern KUBERNETES_QUANTITY = Pattern.compile("([0-9]+)(Ki|Mi|Gi|k|M|G)?");
    private static final Pattern COMPOSE_BYTES = Pattern.compile("([0-9]+)([bkmg])?", Pattern.CASE_INSENSITIVE);

    @TestFactory
    Stream<DynamicTest> eachDeploymentHasTheMemoryLimitItsComposeContainerIsDrilledWith() {
        KubernetesManifests base = KustomizeBuilds.manifests(KustomizeBuilds.BASE);
        ComposeModel compose = ComposeModel.read();
        return ServiceConfig.SERVICES.stream().map(service -> DynamicTest.dynamicTest(service, () -> {
            String deployment = memoryLimit(base, service);
            String container = compose.memoryLimit(service);
            assertThat(container).as("docker-compose.yml's memory limit of " + service).isNotNull();
            assertThat(kubernetesBytes(deployment)).as("the Deployment's limit (%s) against compose's (%s) for %s",
                    deployment, container, service).isEqualTo(composeBytes(container));
        }));
    }

    @Test
    void theServicesOnThePlatformGetMoreMemoryThanTheGatewayAndTheIssuer() {
        // the heap is half the limit, and the rest is ~230 MiB: 512Mi leaves a booking service under a sustained
        // peak too little room (service-pod-defaults.yaml)
        KubernetesManifests base = KustomizeBuilds.manifests(KustomizeBuilds.BASE);
        for (String service : ServiceConfig.SERVICES) {
            long limit = kubernetesBytes(memoryLimit(base, service));
            if (service.equals("gateway") || service.equals("auth")) {
                assertThat(limit).as(service).isEqualTo(512L << 20);
            } else {
                assertThat(limit).as(service).isGreaterThanOrEqualTo(768L << 20);
            }
        }
    }

    @Test
    void everyOverlayLeavesAServiceAtLeastTheBasesMemory() {
        KubernetesManifests base = KustomizeBuilds.manifests(KustomizeBuilds.BASE);
        for (var overlay : KustomizeBuilds.overlays()) {
            KubernetesManifests built = KustomizeBuilds.manifests(overlay);
            for (String service : ServiceConfig.SERVICES) {
                assertThat(kubernetesBytes(memoryLimit(built, service))).as("%s in %s", service, overlay.getFileName())
                        .isGreaterThanOrEqualTo(kubernetesBytes(memoryLimit(base, service)));
            }
        }
    }

    @Test
    void quantitiesAreReadInTheirOwnUnits() {
        assertThat(kubernetesBytes("768Mi")).isEqualTo(768L << 20);
        assertThat(kubernetesBytes("1Gi")).isEqualTo(1L << 30);
        assertThat(kubernetesBytes("500M")).isEqualTo(500_000_000L);
        assertThat(composeBytes("768m")).isEqualTo(768L << 20);
        assertThat(composeBytes("1g")).isEqualTo(1L << 30);
        assertThat(composeBytes("536870912")).isEqualTo(512L << 20);
    }

    private static String memoryLimit(KubernetesManifests manifests, String service) {
        Map<String, Object> deployment = manifests.get("Deployment", service);
        Map<String, Object> container = KubernetesManifests.maps(deployment, "spec", "template", "spec", "containers")
                .stream().filter(c -> service.equals(c.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("Deployment " + service + " has no container " + service));
        String limit = KubernetesManifests.text(container, "resources", "limits", "memory");
        assertThat(limit).as("Deployment %s's memory limit", service).isNotNull();
        return limit;
    }

    static long kubernetesBytes(String quantity) {
        Matcher m = KUBERNETES_QUANTITY.matcher(quantity.strip());
        assertThat(m.matches()).as("a memory quantity: " + quantity).isTrue();
        long number = Long.parseLong(m.group(1));
        return switch (m.group(2) == null ? "" : m.group(2)) {
            case "Ki" -> number << 10;
            case "Mi" -> number << 20;
            case "Gi" -> number << 30;
            case "k" -> number * 1_000;
            case "M" -> number * 1_000_000;
            case "G" -> number * 1_000_000_000;
            default -> number;
        };
    }

    /** Docker's byte units are binary: 768m is 768 MiB. */
    static long composeBytes(String size) {
        Matcher m = COMPOSE_BYTES.matcher(size.strip());
        assertThat(m.matches()).as("a compose memory size: " + size).isTrue();
        long number = Long.parseLong(m.group(1));
        return switch (m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> number << 10;
            case "m" -> number << 20;
            case "g" -> number << 30;
            default -> number;
        };
    }
}
