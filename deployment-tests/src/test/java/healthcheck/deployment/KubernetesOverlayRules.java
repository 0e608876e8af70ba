package healthcheck.deployment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What differs between the overlays, for {@link KubernetesManifestChecker}: how the gateway is reached, which image
 * names are right, how many replicas a service keeps at least, where the database Secret comes from, which
 * storage class the volumes use, and whether auth must sign with a key from a Secret (which outlives its pod). An
 * overlay without rules of its own gets the ones every deployable build must meet.
 */
record KubernetesOverlayRules(
        String overlay,
        Set<String> gatewayExposure,
        ImageRule images,
        int minimumReplicas,
        SecretSource secrets,
        String storageClass,
        boolean signingKeyFromSecret) {

    /** The reservation HPA's range in the spec (3.3), where the minimum is the overlay's minimum replicas. */
    static final int RESERVATION_MAX_REPLICAS = 10;

    /** Says what is wrong with a service's image reference, or null when it is right. */
    @FunctionalInterface
    interface ImageRule {
        String problem(String service, String image);
    }

    enum SecretSource {
        /** The overlay generates it (dev values); every key the pods use must be in it. */
        IN_BUILD,
        /** An operator creates it with kubectl; the build must not carry any Secret. */
        CREATED_BY_HAND,
        /** Either; checked when present. */
        EITHER
    }

    static KubernetesOverlayRules forOverlay(String overlay) {
        return switch (overlay) {
            case "minikube" -> new KubernetesOverlayRules(overlay, Set.of("NodePort"), exactly(imagesOfBinImages()),
                    1, SecretSource.IN_BUILD, null, false);
            case "aks" -> new KubernetesOverlayRules(overlay, Set.of("LoadBalancer", "Ingress"), inARegistry(), 2,
                    SecretSource.CREATED_BY_HAND, "managed-csi", true);
            default -> new KubernetesOverlayRules(overlay, Set.of("NodePort", "LoadBalancer", "Ingress"),
                    namedAfterTheService(), 1, SecretSource.EITHER, null, false);
        };
    }

    /** minikube runs what bin/images builds into its Docker daemon, under exactly those names. */
    static ImageRule exactly(Map<String, String> expected) {
        return (service, image) -> image.equals(expected.get(service)) ? null
                : "image " + image + " is not " + expected.get(service) + ", which bin/images builds";
    }

    /** A registry host (it has a dot or a port), the contract's healthcheck/<service> path, and a fixed tag. */
    static ImageRule inARegistry() {
        Pattern reference = Pattern.compile("([^/]+)/(?:.+/)?healthcheck/([a-z]+):([^:/]+)");
        return (service, image) -> {
            Matcher matcher = reference.matcher(image);
            if (!matcher.matches() || !matcher.group(2).equals(service)) {
                return "image " + image + " is not <registry>/.../healthcheck/" + service + ":<tag>";
            }
            if (!matcher.group(1).contains(".") && !matcher.group(1).contains(":")) {
                return "image " + image + " does not name a registry host";
            }
            return matcher.group(3).equals("latest") ? "image " + image + " uses the moving tag latest" : null;
        };
    }

    static ImageRule namedAfterTheService() {
        return (service, image) -> image.matches("(.+/)?" + service + "(:[^:/]+)?") ? null
                : "image " + image + " is not named after " + service;
    }

    /**
     * The references `bin/images list` prints, by service, with the defaults (no IMAGE_REPOSITORY or IMAGE_TAG from
     * this shell). Without bin/images, the contract's default names.
     */
    static Map<String, String> imagesOfBinImages() {
        return BinImages.LISTED;
    }

    /** Listed once per run: bin/images is the same script for every overlay and every test. */
    private static final class BinImages {
        static final Map<String, String> LISTED = list();
    }

    private static Map<String, String> list() {
        Path script = ServiceConfig.ROOT.resolve("bin/images");
        Map<String, String> images = new LinkedHashMap<>();
        if (!Files.isRegularFile(script)) {
            System.out.println("note: bin/images does not exist yet; expecting the contract's default image names");
            ServiceConfig.SERVICES.forEach(service -> images.put(service, "healthcheck/" + service + ":latest"));
            return images;
        }
        HostCommand.Result listed = HostCommand.run(List.of(script.toString(), "list"), Map.of(),
                List.of("IMAGE_REPOSITORY", "IMAGE_TAG"), Duration.ofMinutes(1));
        if (!listed.succeeded()) {
            throw new AssertionError("bin/images list failed: " + listed.describe());
        }
        Pattern reference = Pattern.compile(".*/([^/:]+):[^/:]+");
        for (String line : listed.stdout().strip().split("\\R")) {
            Matcher matcher = reference.matcher(line.strip());
            if (matcher.matches()) {
                images.put(matcher.group(1), line.strip());
            }
        }
        return images;
    }
}
