package healthcheck.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/** `kubectl kustomize` of the base and of every overlay under kubernetes/overlays, each built once per test run. */
final class KustomizeBuilds {

    static final Path KUBERNETES = ServiceConfig.ROOT.resolve("kubernetes");
    static final Path BASE = KUBERNETES.resolve("base");
    static final Path OVERLAYS = KUBERNETES.resolve("overlays");

    private static final Map<Path, HostCommand.Result> BUILDS = new ConcurrentHashMap<>();
    private static volatile Boolean kubectlPresent;

    private KustomizeBuilds() {
    }

    /** Every overlay directory (one holding a kustomization.yaml), by name. */
    static List<Path> overlays() {
        try (Stream<Path> children = Files.list(OVERLAYS)) {
            return children.filter(child -> Files.isRegularFile(child.resolve("kustomization.yaml"))).sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What kubectl kustomize printed and how it ended; skips (or fails, in CI) the test without kubectl. */
    static HostCommand.Result build(Path directory) {
        requireKubectl();
        return BUILDS.computeIfAbsent(directory, path -> HostCommand.run(
                List.of("kubectl", "kustomize", path.toString()), Map.of(), Duration.ofMinutes(2)));
    }

    /** The objects of a build that must succeed. */
    static KubernetesManifests manifests(Path directory) {
        HostCommand.Result result = build(directory);
        if (!result.succeeded()) {
            throw new AssertionError("kubectl kustomize " + ServiceConfig.ROOT.relativize(directory) + " failed: "
                    + result.describe());
        }
        return KubernetesManifests.parse(result.stdout());
    }

    private static void requireKubectl() {
        if (kubectlPresent == null) {
            kubectlPresent = HostCommand.run(List.of("kubectl", "version", "--client"), Map.of(),
                    Duration.ofMinutes(1)).succeeded();
        }
        if (!kubectlPresent) {
            AbsentToolPolicy.skipOrFail("kubectl is not installed, so the kustomize builds cannot be checked");
        }
    }
}
