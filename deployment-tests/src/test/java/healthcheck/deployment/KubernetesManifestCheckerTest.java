package healthcheck.deployment;

import static healthcheck.deployment.KubernetesManifests.map;
import static healthcheck.deployment.KubernetesManifests.maps;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

/**
 * The checker notices what would break a deployment: each case changes one thing in a real overlay build, in
 * memory, and expects the problem to be named. Without this, a checker that found nothing would look the same as
 * manifests that are right.
 */
class KubernetesManifestCheckerTest {

    static Stream<Arguments> brokenMinikubeBuilds() {
        return Stream.of(
                broken("reservation without a readiness probe",
                        build -> container(build, "reservation").remove("readinessProbe"),
                        "Deployment/reservation: has no readinessProbe"),
                broken("schedule's liveness probe on the overall health path",
                        build -> map(container(build, "schedule"), "livenessProbe", "httpGet")
                                .put("path", "/actuator/health"),
                        "livenessProbe checks /actuator/health, not /actuator/health/liveness"),
                broken("delivery declaring another container port",
                        build -> maps(container(build, "delivery"), "ports").getFirst().put("containerPort", 8083),
                        "Deployment/delivery: declares no containerPort 8080"),
                broken("a probe on a port name the container does not have",
                        build -> map(container(build, "gateway"), "readinessProbe", "httpGet").put("port", "web"),
                        "readinessProbe checks port web, not the container port 8080"),
                broken("a ConfigMap outside the namespace",
                        build -> map(build.get("ConfigMap", "apiurl"), "metadata").remove("namespace"),
                        "ConfigMap/apiurl: is in namespace null"),
                broken("no Namespace object",
                        build -> build.remove("Namespace", "healthcheck"),
                        "no Namespace healthcheck"),
                broken("a Service forwarding to another port",
                        build -> maps(build.get("Service", "customercenter"), "spec", "ports").getFirst()
                                .put("targetPort", 8084),
                        "Service/customercenter: has no port 8080 that reaches the container's port 8080"),
                broken("a Service selecting other pods",
                        build -> map(build.get("Service", "customercenter"), "spec", "selector")
                                .put("app.kubernetes.io/name", "customer-center"),
                        "Service/customercenter: does not select the pods of Deployment/customercenter"),
                broken("a misspelt variable",
                        build -> addVariable(container(build, "reservation"), "SCHEDULE_ULR", "http://schedule:8080"),
                        "Deployment/reservation: sets SCHEDULE_ULR, which reservation does not read"),
                broken("the gateway's delivery route pointing at reservation",
                        build -> map(build.get("ConfigMap", "gateway-routes"), "data")
                                .put("DELIVERY_URL", "http://reservation:8080"),
                        "DELIVERY_URL is http://reservation:8080, which is not the delivery Service"),
                broken("the spec's apiurl on a port schedule's Service does not expose",
                        build -> map(build.get("ConfigMap", "apiurl"), "data").put("url", "http://schedule:8081"),
                        "Deployment/reservation: SCHEDULE_URL uses port 8081, which Service/schedule does not expose"),
                broken("a rollout that may stop a pod before its replacement is ready",
                        build -> map(build.get("Deployment", "schedule"), "spec", "strategy", "rollingUpdate")
                                .put("maxUnavailable", 1),
                        "Deployment/schedule: a rollout may stop a pod before its replacement is ready"),
                broken("no preStop pause",
                        build -> container(build, "customercenter").remove("lifecycle"),
                        "Deployment/customercenter: has no preStop pause"),
                broken("a grace period shorter than the pause and the graceful shutdown",
                        build -> pod(build, "gateway").put("terminationGracePeriodSeconds", 25),
                        "Deployment/gateway: terminationGracePeriodSeconds 25 does not cover"),
                broken("a startup probe too impatient for a cold JVM",
                        build -> map(container(build, "schedule"), "startupProbe").put("failureThreshold", 3),
                        "Deployment/schedule: startupProbe gives a cold JVM only 15 s"),
                broken("a writable root filesystem",
                        build -> map(container(build, "delivery"), "securityContext")
                                .put("readOnlyRootFilesystem", false),
                        "Deployment/delivery: has a writable root filesystem"),
                broken("running as root",
                        build -> map(pod(build, "schedule"), "securityContext").put("runAsUser", 0),
                        "Deployment/schedule: runAsUser is 0, not the image's 10001"),
                broken("an init container that may escalate privileges",
                        build -> map(maps(pod(build, "delivery"), "initContainers").getFirst(), "securityContext")
                                .remove("allowPrivilegeEscalation"),
                        "Deployment/delivery: init container wait-for-postgres may escalate privileges"),
                broken("a mounted service account token",
                        build -> pod(build, "reservation").put("automountServiceAccountToken", true),
                        "Deployment/reservation: mounts a service account token"),
                broken("resources without limits",
                        build -> map(container(build, "gateway"), "resources").remove("limits"),
                        "Deployment/gateway: container gateway sets no cpu limits"),
                broken("a service without a disruption budget",
                        build -> build.remove("PodDisruptionBudget", "delivery"),
                        "Deployment/delivery: has no PodDisruptionBudget selecting its pods"),
                broken("a disruption budget that blocks every drain of a single replica",
                        build -> {
                            Map<String, Object> spec = map(build.get("PodDisruptionBudget", "schedule"), "spec");
                            spec.remove("maxUnavailable");
                            spec.put("minAvailable", 1);
                        },
                        "PodDisruptionBudget/schedule: minAvailable 1 with 1 replica(s) never lets a drain evict"),
                broken("an autoscaler aiming at a Deployment that does not exist",
                        build -> map(build.get("HorizontalPodAutoscaler", "gateway"), "spec", "scaleTargetRef")
                                .put("name", "gateways"),
                        "HorizontalPodAutoscaler/gateway: scales Deployment/gateways"),
                broken("schedule, the call every booking waits on, with no autoscaler",
                        build -> build.remove("HorizontalPodAutoscaler", "schedule"),
                        "no HorizontalPodAutoscaler for Deployment/schedule"),
                broken("the spec's reservation range changed",
                        build -> map(build.get("HorizontalPodAutoscaler", "reservation"), "spec")
                                .put("maxReplicas", 5),
                        "scales reservation between 1 and 5, not 1 and 10"),
                broken("an autoscaler without scale-down stabilisation",
                        build -> map(build.get("HorizontalPodAutoscaler", "reservation"), "spec").remove("behavior"),
                        "HorizontalPodAutoscaler/reservation: sets no scale-down stabilisation"),
                broken("a replica count that fights the autoscaler",
                        build -> map(build.get("Deployment", "reservation"), "spec").put("replicas", 1),
                        "Deployment/reservation: sets replicas although its HorizontalPodAutoscaler owns the count"),
                broken("a service logging in as the superuser",
                        build -> setVariable(container(build, "schedule"), "PGUSER", "postgres"),
                        "Deployment/schedule: PGUSER is postgres, not schedule"),
                broken("a password key the Secret lacks",
                        build -> map(build.get("Secret", "postgres-credentials"), "data").remove("delivery-password"),
                        "reads key delivery-password of Secret postgres-credentials, which has no such key"),
                broken("the init script creating reservation's role with schedule's password",
                        build -> map(variable(postgresContainer(build), "RESERVATION_DB_PASSWORD"), "valueFrom",
                                "secretKeyRef").put("key", "schedule-password"),
                        "RESERVATION_DB_PASSWORD comes from postgres-credentials/schedule-password, but reservation"
                                + " logs in with postgres-credentials/reservation-password"),
                broken("the init script not mounted",
                        build -> KubernetesManifests.list(postgresContainer(build), "volumeMounts")
                                .removeIf(mount -> "/docker-entrypoint-initdb.d".equals(
                                        KubernetesManifests.text(mount, "mountPath"))),
                        "StatefulSet/postgres: does not mount kubernetes/base/postgres/init-schemas.sh"),
                broken("connection pools larger than PostgreSQL accepts",
                        build -> build.ofKind("ConfigMap").stream()
                                .filter(configMap -> map(configMap, "data").containsKey("DB_POOL_SIZE")).findFirst()
                                .orElseThrow().put("data", new LinkedHashMap<>(Map.of("DB_POOL_SIZE", "20",
                                        "KAFKA_BOOTSTRAP_SERVERS", "kafka:9092", "PGHOST", "postgres",
                                        "PGPORT", "5432", "PGDATABASE", "healthcheck"))),
                        "StatefulSet/postgres: accepts 97 connections, but the services' pools at their largest scale"),
                broken("the gateway left without a way in",
                        build -> {
                            Map<String, Object> spec = map(build.get("Service", "gateway"), "spec");
                            spec.remove("type");
                            maps(spec, "ports").forEach(port -> port.remove("nodePort"));
                        },
                        "Service/gateway: is ClusterIP; overlay minikube reaches the gateway through [NodePort]"),
                broken("Kafka without a volume claim",
                        build -> map(build.get("StatefulSet", "kafka"), "spec").remove("volumeClaimTemplates"),
                        "StatefulSet/kafka: has no volumeClaimTemplates"),
                broken("an image bin/images does not build",
                        build -> container(build, "schedule").put("image", "healthcheck/schedule:someday"),
                        "Deployment/schedule: image healthcheck/schedule:someday is not"),
                // the issuer (issue 9)
                broken("auth without a readiness probe",
                        build -> container(build, "auth").remove("readinessProbe"),
                        "Deployment/auth: has no readinessProbe"),
                broken("auth's startup probe on the overall health path",
                        build -> map(container(build, "auth"), "startupProbe", "httpGet").put("path", "/actuator/health"),
                        "Deployment/auth: startupProbe checks /actuator/health, not /actuator/health/liveness"),
                broken("auth without a disruption budget",
                        build -> build.remove("PodDisruptionBudget", "auth"),
                        "Deployment/auth: has no PodDisruptionBudget selecting its pods"),
                broken("auth scaled to two pods",
                        build -> map(build.get("Deployment", "auth"), "spec").put("replicas", 2),
                        "Deployment/auth: keeps 2 replica(s), not exactly 1"),
                broken("a service that cannot find the issuer's keys",
                        build -> removeVariable(container(build, "delivery"), "JWK_SET_URI"),
                        "Deployment/delivery: does not set JWK_SET_URI, which the security contract requires"),
                broken("reservation without its client secret",
                        build -> removeVariable(container(build, "reservation"), "RESERVATION_CLIENT_SECRET"),
                        "Deployment/reservation: does not set RESERVATION_CLIENT_SECRET"),
                broken("a client secret written into the manifest",
                        build -> {
                            Map<String, Object> secret = variable(container(build, "auth"), "WEB_CLIENT_SECRET");
                            secret.remove("valueFrom");
                            secret.put("value", "web-dev-secret");
                        },
                        "Deployment/auth: container auth gets WEB_CLIENT_SECRET written into the manifest"),
                broken("a client secret key the Secret lacks",
                        build -> map(build.get("Secret", "oauth-clients"), "data").remove("reservation-client-secret"),
                        "reads key reservation-client-secret of Secret oauth-clients, which has no such key"),
                broken("the gateway expecting another issuer",
                        build -> {
                            Map<String, Object> issuer = variable(container(build, "gateway"), "ISSUER_URI");
                            issuer.remove("valueFrom");
                            issuer.put("value", "http://127.0.0.1:8089");
                        },
                        "Deployment/gateway: ISSUER_URI is http://127.0.0.1:8089, but auth issues its tokens as"),
                broken("the base's placeholder issuer",
                        build -> issuerData(build).put("ISSUER_URI", "https://auth.healthcheck.invalid"),
                        "Deployment/auth: ISSUER_URI is the base's placeholder"),
                broken("an issuer inside the cluster",
                        build -> issuerData(build).put("ISSUER_URI", "http://auth:8080"),
                        "Deployment/auth: ISSUER_URI is http://auth:8080, a name inside the cluster"),
                broken("an issuer on a port auth is not reached at",
                        build -> issuerData(build).put("ISSUER_URI", "http://auth.healthcheck.local:30088"),
                        "Deployment/auth: ISSUER_URI is http://auth.healthcheck.local:30088, but no Ingress routes"),
                broken("the keys on the wrong path",
                        build -> issuerData(build).put("JWK_SET_URI", "http://auth:8080/jwks"),
                        "Deployment/schedule: JWK_SET_URI is http://auth:8080/jwks, not auth's /oauth2/jwks"),
                broken("reservation's token from another service",
                        build -> issuerData(build).put("TOKEN_URI", "http://gateway:8080/oauth2/token"),
                        "Deployment/reservation: TOKEN_URI is http://gateway:8080/oauth2/token, which is not the auth"),
                // NetworkPolicies
                broken("no default-deny policy",
                        build -> build.remove("NetworkPolicy", "default-deny"),
                        "no default-deny NetworkPolicy"),
                broken("a workload without a policy of its own",
                        build -> build.remove("NetworkPolicy", "delivery"),
                        "Deployment/delivery: is selected by no NetworkPolicy of its own"),
                broken("reservation's holds blocked at schedule",
                        build -> KubernetesManifests.list(policyRule(build, "schedule", "ingress", 0), "from")
                                .removeIf(peer -> "reservation".equals(KubernetesManifests.text(peer, "podSelector",
                                        "matchLabels", "app.kubernetes.io/name"))),
                        "Deployment/schedule: takes no connections from reservation on port 8080, which reservation"
                                + " makes (SCHEDULE_URL)"),
                broken("a service that may not fetch the issuer's keys",
                        build -> KubernetesManifests.list(build.get("NetworkPolicy", "customercenter"), "spec",
                                "egress").removeFirst(),
                        "Deployment/customercenter: may not connect to auth on port 8080, which it does (JWK_SET_URI)"),
                broken("the broker closed to a service that publishes",
                        build -> KubernetesManifests.list(policyRule(build, "kafka", "ingress", 0), "from")
                                .removeFirst(),
                        "StatefulSet/kafka: takes no connections from schedule on port 9092"),
                broken("schedule open to a service that never calls it",
                        build -> addPeer(policyRule(build, "schedule", "ingress", 0), "from", "delivery"),
                        "Deployment/schedule: takes connections from delivery, which never connects to it"),
                broken("the database open to the gateway",
                        build -> addPeer(policyRule(build, "postgres", "ingress", 0), "from", "gateway"),
                        "StatefulSet/postgres: takes connections from gateway, which never connects to it"),
                broken("reservation open to anyone",
                        build -> policyRule(build, "reservation", "ingress", 0).remove("from"),
                        "Deployment/reservation: takes connections from anywhere"),
                broken("kafka open to other namespaces",
                        build -> KubernetesManifests.list(policyRule(build, "kafka", "ingress", 0), "from")
                                .add(new LinkedHashMap<>(Map.of("namespaceSelector", Map.of()))),
                        "StatefulSet/kafka: takes connections from namespaces"),
                broken("the gateway closed to the outside",
                        build -> addPeer(policyRule(build, "gateway", "ingress", 0), "from", "auth"),
                        "Deployment/gateway: does not take connections from anywhere on port 8080"),
                broken("a service that may call anywhere",
                        build -> KubernetesManifests.list(build.get("NetworkPolicy", "delivery"), "spec", "egress")
                                .add(new LinkedHashMap<>(Map.of("ports", List.of(Map.of("port", 443))))),
                        "Deployment/delivery: may connect to anywhere"),
                broken("a service that may call one it never calls",
                        build -> addPeer(policyRule(build, "delivery", "egress", 0), "to", "schedule"),
                        "Deployment/delivery: may connect to schedule, which it never calls"),
                broken("no DNS",
                        build -> build.remove("NetworkPolicy", "allow-dns"),
                        "Deployment/gateway: may not query DNS"));
    }

    static Stream<Arguments> brokenAksBuilds() {
        return Stream.of(
                broken("a Secret committed to the aks overlay",
                        build -> build.objects().add(new LinkedHashMap<>(Map.of("apiVersion", "v1", "kind", "Secret",
                                "metadata", Map.of("name", "postgres-credentials", "namespace", "healthcheck"),
                                "data", Map.of()))),
                        "Secret/postgres-credentials: is in the build, but overlay aks expects its secrets created"),
                broken("the moving latest tag",
                        build -> container(build, "schedule")
                                .put("image", "healthcheckacr.azurecr.io/healthcheck/schedule:latest"),
                        "Deployment/schedule: image healthcheckacr.azurecr.io/healthcheck/schedule:latest uses the"
                                + " moving tag latest"),
                broken("a single replica",
                        build -> map(build.get("Deployment", "delivery"), "spec").put("replicas", 1),
                        "Deployment/delivery: keeps 1 replica(s) at least; this overlay wants 2"),
                broken("volumes on the cluster's default storage class",
                        build -> map(build.get("StatefulSet", "postgres"), "spec", "volumeClaimTemplates", 0, "spec")
                                .remove("storageClassName"),
                        "StatefulSet/postgres: claims storage class null, not managed-csi"),
                broken("auth signing with a key generated at every start",
                        build -> removeVariable(container(build, "auth"), "AUTH_SIGNING_KEY_LOCATION"),
                        "Deployment/auth: generates a new signing key at every start"),
                broken("a signing key location no Secret provides",
                        build -> setVariable(container(build, "auth"), "AUTH_SIGNING_KEY_LOCATION",
                                "file:/etc/healthcheck/keys/signing-key.pem"),
                        "Deployment/auth: AUTH_SIGNING_KEY_LOCATION is file:/etc/healthcheck/keys/signing-key.pem,"
                                + " which is no file: that a mounted Secret provides"),
                broken("an HTTPS issuer without TLS",
                        build -> map(build.get("Ingress", "auth"), "spec").remove("tls"),
                        "Deployment/auth: ISSUER_URI is https://auth.healthcheck.example, but no Ingress for"
                                + " auth.healthcheck.example has TLS for it"),
                broken("an autoscaler for auth",
                        build -> {
                            Map<String, Object> hpa = deepCopy(build.get("HorizontalPodAutoscaler", "gateway"));
                            map(hpa, "metadata").put("name", "auth");
                            map(hpa, "spec", "scaleTargetRef").put("name", "auth");
                            build.objects().add(hpa);
                        },
                        "Deployment/auth: is scaled by a HorizontalPodAutoscaler"));
    }

    @ParameterizedTest(name = "minikube: {0}")
    @MethodSource("brokenMinikubeBuilds")
    void namesWhatIsBrokenInAMinikubeBuild(String change, Consumer<KubernetesManifests> breakIt, String expected) {
        assertNoticed("minikube", breakIt, expected);
    }

    @ParameterizedTest(name = "aks: {0}")
    @MethodSource("brokenAksBuilds")
    void namesWhatIsBrokenInAnAksBuild(String change, Consumer<KubernetesManifests> breakIt, String expected) {
        assertNoticed("aks", breakIt, expected);
    }

    private static void assertNoticed(String overlay, Consumer<KubernetesManifests> breakIt, String expected) {
        KubernetesOverlayRules rules = KubernetesOverlayRules.forOverlay(overlay);
        KubernetesManifests build = KustomizeBuilds.manifests(KustomizeBuilds.OVERLAYS.resolve(overlay));
        assertThat(KubernetesManifestChecker.problems(build, rules)).as("before the change")
                .noneMatch(problem -> problem.contains(expected));
        breakIt.accept(build);
        assertThat(KubernetesManifestChecker.problems(build, rules)).anyMatch(problem -> problem.contains(expected));
    }

    private static Arguments broken(String change, Consumer<KubernetesManifests> breakIt, String expected) {
        return Arguments.of(change, breakIt, expected);
    }

    private static Map<String, Object> pod(KubernetesManifests build, String deployment) {
        return map(build.get("Deployment", deployment), "spec", "template", "spec");
    }

    private static Map<String, Object> container(KubernetesManifests build, String deployment) {
        return maps(pod(build, deployment), "containers").getFirst();
    }

    private static Map<String, Object> postgresContainer(KubernetesManifests build) {
        return maps(build.get("StatefulSet", "postgres"), "spec", "template", "spec", "containers").getFirst();
    }

    private static Map<String, Object> variable(Map<String, Object> container, String name) {
        return maps(container, "env").stream().filter(entry -> name.equals(entry.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no variable " + name));
    }

    private static void setVariable(Map<String, Object> container, String name, String value) {
        variable(container, name).put("value", value);
    }

    private static void removeVariable(Map<String, Object> container, String name) {
        Map<String, Object> entry = variable(container, name);
        KubernetesManifests.list(container, "env").remove(entry);
    }

    /** The data of the generated ConfigMap issuer (its name carries a hash). */
    private static Map<String, Object> issuerData(KubernetesManifests build) {
        return build.ofKind("ConfigMap").stream().filter(configMap -> KubernetesManifests.name(configMap)
                .startsWith("issuer")).map(configMap -> map(configMap, "data")).findFirst().orElseThrow();
    }

    private static Map<String, Object> policyRule(KubernetesManifests build, String policy, String direction,
            int index) {
        return maps(build.get("NetworkPolicy", policy), "spec", direction).get(index);
    }

    @SuppressWarnings("unchecked")
    private static void addPeer(Map<String, Object> rule, String key, String name) {
        List<Object> peers = (List<Object>) rule.computeIfAbsent(key, absent -> new ArrayList<>());
        peers.add(new LinkedHashMap<>(Map.of("podSelector", Map.of("matchLabels",
                Map.of("app.kubernetes.io/name", name)))));
    }

    /** A copy a test may change without changing the original (the parsed YAML shares nothing, but is nested). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> deepCopy(Map<String, Object> object) {
        return (Map<String, Object>) new Yaml().load(new Yaml().dump(object));
    }

    @SuppressWarnings("unchecked")
    private static void addVariable(Map<String, Object> container, String name, String value) {
        ((List<Object>) container.get("env")).add(new LinkedHashMap<>(Map.of("name", name, "value", value)));
    }
}
