package healthcheck.deployment;

import static healthcheck.deployment.KubernetesManifests.at;
import static healthcheck.deployment.KubernetesManifests.id;
import static healthcheck.deployment.KubernetesManifests.integer;
import static healthcheck.deployment.KubernetesManifests.list;
import static healthcheck.deployment.KubernetesManifests.map;
import static healthcheck.deployment.KubernetesManifests.maps;
import static healthcheck.deployment.KubernetesManifests.name;
import static healthcheck.deployment.KubernetesManifests.text;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks one kustomize build against what the services really need, read from their own configuration
 * ({@link ServiceConfig}): ports, health paths, the variables they read, their shutdown timing. Returns every problem
 * it finds as a sentence naming the object, so a test shows them all at once and the checker's own tests can prove
 * that one broken thing is noticed.
 */
final class KubernetesManifestChecker {

    static final String NAMESPACE = "healthcheck";
    /** The images' user and group (the contract: docker/Dockerfile runs as UID and GID 10001). */
    static final int IMAGE_USER = 10001;
    /** Variables the JVM and Spring read on their own, which no service configuration names. */
    static final Set<String> PLATFORM_VARIABLES = Set.of("SPRING_PROFILES_ACTIVE", "JDK_JAVA_OPTIONS");
    /** What a cold JVM may need on a small node before it answers its first probe. */
    static final Duration COLD_START = Duration.ofMinutes(2);
    static final String KAFKA_IMAGE = "apache/kafka:4.1.1";
    static final String POSTGRES_IMAGE = "postgres:17";
    static final Path INIT_SCRIPT = ServiceConfig.ROOT.resolve("kubernetes/base/postgres/init-schemas.sh");
    static final String INIT_DIRECTORY = "/docker-entrypoint-initdb.d";
    /** The variable the platform's spring.datasource.hikari.maximum-pool-size placeholder reads. */
    static final String POOL_SIZE_VARIABLE = "DB_POOL_SIZE";
    /** PostgreSQL's defaults: max_connections, of which superuser_reserved_connections stay out of reach. */
    static final int POSTGRES_MAX_CONNECTIONS = 100;
    static final int POSTGRES_RESERVED_CONNECTIONS = 3;
    /** What people reach from outside the cluster: the gateway, and the issuer, where they log in. */
    static final Set<String> FRONT_DOORS = Set.of("gateway", SecurityContract.ISSUER);
    /**
     * What must run as exactly one pod: auth keeps authorization codes and login sessions in its memory (the contract
     * gives it no database), so a second pod would refuse the codes the first one issued.
     */
    static final Set<String> SINGLETONS = Set.of(SecurityContract.ISSUER);

    /** A variable a container gets, resolved where the build says its value; secrets stay references. */
    private record Variable(String name, String value, String secret, String key) {
    }

    private record SecretUse(Map<String, Object> user, String secret, String key) {
    }

    private final KubernetesManifests build;
    private final KubernetesOverlayRules rules;
    private final List<String> problems = new ArrayList<>();
    private final List<SecretUse> secretUses = new ArrayList<>();
    private final Map<String, Map<String, Variable>> serviceVariables = new LinkedHashMap<>();
    private final Map<String, Map<String, Variable>> statefulSetVariables = new LinkedHashMap<>();

    private KubernetesManifestChecker(KubernetesManifests build, KubernetesOverlayRules rules) {
        this.build = build;
        this.rules = rules;
    }

    static List<String> problems(KubernetesManifests build, KubernetesOverlayRules rules) {
        KubernetesManifestChecker checker = new KubernetesManifestChecker(build, rules);
        checker.checkNamespaces();
        for (String service : ServiceConfig.SERVICES) {
            checker.checkService(ServiceConfig.of(service));
        }
        checker.checkAutoscalers();
        checker.checkGatewayExposure();
        checker.checkStatefulSet("kafka", KAFKA_IMAGE);
        checker.checkStatefulSet("postgres", POSTGRES_IMAGE);
        checker.checkDatabaseWiring();
        checker.checkConnectionBudget();
        checker.checkIssuer();
        checker.checkSigningKey();
        checker.checkSecretsStayInSecrets();
        checker.checkNetworkPolicies();
        checker.checkSecrets();
        return List.copyOf(checker.problems);
    }

    private void problem(Map<String, Object> object, String sentence) {
        problems.add(id(object) + ": " + sentence);
    }

    private void problem(String sentence) {
        problems.add(sentence);
    }

    // ---- namespace

    private void checkNamespaces() {
        if (build.find("Namespace", NAMESPACE).isEmpty()) {
            problem("no Namespace " + NAMESPACE + ": the first apply would fail on every object in it");
        }
        for (Map<String, Object> object : build.objects()) {
            String namespace = text(object, "metadata", "namespace");
            if (!"Namespace".equals(KubernetesManifests.kind(object)) && !NAMESPACE.equals(namespace)) {
                problem(object, "is in namespace " + namespace + ", not " + NAMESPACE);
            }
        }
    }

    // ---- the six applications

    private void checkService(ServiceConfig config) {
        String service = config.name();
        Map<String, Object> deployment = required("Deployment", service);
        if (deployment == null) {
            return;
        }
        Map<String, Object> pod = podSpec(deployment);
        Map<String, Object> container = maps(pod, "containers").stream()
                .filter(candidate -> service.equals(text(candidate, "name"))).findFirst().orElse(null);
        if (container == null) {
            // kubectl set image deploy/<service> <service>=... (spec 3.5) addresses the container by this name
            problem(deployment, "has no container named " + service);
            return;
        }
        int port = config.containerPort();
        if (maps(container, "ports").stream().noneMatch(entry -> Objects.equals(port, integer(entry,
                "containerPort")))) {
            problem(deployment, "declares no containerPort " + port + ", where " + service + " listens");
        }
        checkProbes(deployment, container, config);
        checkResources(deployment, container);
        String image = text(container, "image");
        String imageProblem = rules.images().problem(service, String.valueOf(image));
        if (imageProblem != null) {
            problem(deployment, imageProblem);
        }
        if (!"IfNotPresent".equals(text(container, "imagePullPolicy"))) {
            problem(deployment, "imagePullPolicy is " + text(container, "imagePullPolicy")
                    + ", not IfNotPresent: minikube's locally built images exist in no registry");
        }
        checkEnvironment(deployment, container, config);
        checkRollout(deployment);
        checkShutdown(deployment, pod, container, config);
        checkRestricted(deployment, pod, container);
        recordSecretVolumes(deployment, pod);
        checkServiceHardening(deployment, pod, container);
        checkServiceObject(deployment, container, service, port);
        checkDisruptionBudget(deployment);
        checkReplicas(deployment, service);
    }

    private void checkProbes(Map<String, Object> deployment, Map<String, Object> container, ServiceConfig config) {
        Map<String, String> paths = new LinkedHashMap<>();
        paths.put("startupProbe", config.livenessPath());
        paths.put("livenessProbe", config.livenessPath());
        paths.put("readinessProbe", config.readinessPath());
        paths.forEach((probeName, path) -> {
            Map<String, Object> probe = map(container, probeName);
            if (probe.isEmpty()) {
                problem(deployment, "has no " + probeName);
                return;
            }
            Map<String, Object> get = map(probe, "httpGet");
            if (get.isEmpty()) {
                problem(deployment, probeName + " is not an HTTP check of " + path);
                return;
            }
            if (!path.equals(text(get, "path"))) {
                problem(deployment, probeName + " checks " + text(get, "path") + ", not " + path);
            }
            Integer probePort = containerPort(container, at(get, "port"));
            if (!Objects.equals(probePort, config.containerPort())) {
                problem(deployment, probeName + " checks port " + at(get, "port") + ", not the container port "
                        + config.containerPort());
            }
        });
        Map<String, Object> startup = map(container, "startupProbe");
        if (!startup.isEmpty()) {
            long seconds = value(integer(startup, "initialDelaySeconds"), 0)
                    + (long) value(integer(startup, "periodSeconds"), 10) * value(integer(startup, "failureThreshold"), 3);
            if (seconds < COLD_START.toSeconds()) {
                problem(deployment, "startupProbe gives a cold JVM only " + seconds + " s before a restart");
            }
        }
    }

    private void checkResources(Map<String, Object> owner, Map<String, Object> container) {
        for (String bound : List.of("requests", "limits")) {
            for (String resource : List.of("cpu", "memory")) {
                if (text(container, "resources", bound, resource) == null) {
                    problem(owner, "container " + text(container, "name") + " sets no " + resource + " " + bound);
                }
            }
        }
    }

    private void checkEnvironment(Map<String, Object> deployment, Map<String, Object> container,
            ServiceConfig config) {
        String service = config.name();
        Map<String, Variable> variables = variables(deployment, container);
        serviceVariables.put(service, variables);
        Set<String> read = SecurityContract.readable(config);
        for (String name : variables.keySet()) {
            if (!read.contains(name) && !PLATFORM_VARIABLES.contains(name)) {
                problem(deployment, "sets " + name + ", which " + service + " does not read");
            }
        }
        for (String name : SecurityContract.required(service)) {
            if (!variables.containsKey(name)) {
                problem(deployment, "does not set " + name + ", which the security contract requires");
            }
        }
        String profiles = String.join(",", ServiceConfig.CONTAINER_PROFILES);
        Variable active = variables.get("SPRING_PROFILES_ACTIVE");
        if (active == null || !profiles.equals(active.value())) {
            problem(deployment, "SPRING_PROFILES_ACTIVE is " + (active == null ? "unset" : active.value()) + ", not "
                    + profiles);
        }
        if (read.contains("PGUSER")) {
            Variable user = variables.get("PGUSER");
            if (user == null || !service.equals(user.value())) {
                problem(deployment, "PGUSER is " + (user == null ? "unset" : user.value()) + ", not " + service
                        + ", the role that owns its schema");
            }
            Variable password = variables.get("PGPASSWORD");
            if (password == null || password.secret() == null) {
                problem(deployment, "PGPASSWORD does not come from a Secret");
            }
        }
        for (Variable variable : variables.values()) {
            if (variable.name().endsWith("_URL") && variable.value() != null) {
                checkServiceUrl(deployment, variable);
            }
        }
        Variable kafka = variables.get("KAFKA_BOOTSTRAP_SERVERS");
        if (kafka != null && kafka.value() != null) {
            for (String address : kafka.value().split(",")) {
                String[] hostAndPort = address.strip().split(":");
                checkServiceExposes(deployment, "KAFKA_BOOTSTRAP_SERVERS", hostAndPort[0],
                        hostAndPort.length > 1 ? Integer.valueOf(hostAndPort[1]) : null);
            }
        }
        Variable host = variables.get("PGHOST");
        if (host != null && host.value() != null) {
            Variable port = variables.get("PGPORT");
            checkServiceExposes(deployment, "PGHOST", host.value(),
                    port == null || port.value() == null ? 5432 : Integer.valueOf(port.value()));
        }
    }

    /** SCHEDULE_URL must lead to the schedule Service, on a port it exposes. */
    private void checkServiceUrl(Map<String, Object> user, Variable variable) {
        String target = variable.name().substring(0, variable.name().length() - "_URL".length()).toLowerCase();
        URI uri = URI.create(variable.value());
        if (!target.equals(uri.getHost())) {
            problem(user, variable.name() + " is " + variable.value() + ", which is not the " + target + " Service");
            return;
        }
        checkServiceExposes(user, variable.name(), uri.getHost(), uri.getPort() < 0 ? 80 : uri.getPort());
    }

    private void checkServiceExposes(Map<String, Object> user, String variable, String host, Integer port) {
        Optional<Map<String, Object>> service = build.find("Service", host);
        if (service.isEmpty()) {
            problem(user, variable + " names " + host + ", but there is no such Service");
        } else if (port == null || maps(service.get(), "spec", "ports").stream()
                .noneMatch(entry -> port.equals(integer(entry, "port")))) {
            problem(user, variable + " uses port " + port + ", which Service/" + host + " does not expose");
        }
    }

    private void checkRollout(Map<String, Object> deployment) {
        Map<String, Object> strategy = map(deployment, "spec", "strategy");
        String type = text(strategy, "type");
        if (type != null && !"RollingUpdate".equals(type)) {
            problem(deployment, "rolls out with " + type + ", which stops every pod first");
        }
        Object maxUnavailable = at(strategy, "rollingUpdate", "maxUnavailable");
        if (!isZero(maxUnavailable)) {
            problem(deployment, "a rollout may stop a pod before its replacement is ready (maxUnavailable "
                    + (maxUnavailable == null ? "25% by default" : maxUnavailable) + ")");
        } else if (isZero(at(strategy, "rollingUpdate", "maxSurge"))) {
            problem(deployment, "maxUnavailable 0 with maxSurge 0 cannot roll out at all");
        }
    }

    private void checkShutdown(Map<String, Object> deployment, Map<String, Object> pod, Map<String, Object> container,
            ServiceConfig config) {
        Integer pause = preStopPause(container);
        if (pause == null) {
            problem(deployment, "has no preStop pause: the JVM would get SIGTERM while endpoints still route to it");
            return;
        }
        long grace = value(integer(pod, "terminationGracePeriodSeconds"), 30);
        long phase = shutdownPhase(config).toSeconds();
        if (grace <= pause + phase) {
            problem(deployment, "terminationGracePeriodSeconds " + grace + " does not cover the preStop pause ("
                    + pause + " s) and " + config.name() + "'s graceful shutdown phase (" + phase + " s)");
        }
    }

    /** The seconds a preStop hook waits: {@code sleep N} as a command, or the kubelet's own sleep action. */
    private static Integer preStopPause(Map<String, Object> container) {
        Integer sleepAction = integer(container, "lifecycle", "preStop", "sleep", "seconds");
        if (sleepAction != null) {
            return sleepAction;
        }
        List<Object> command = list(container, "lifecycle", "preStop", "exec", "command");
        for (int i = 0; i + 1 < command.size(); i++) {
            if (String.valueOf(command.get(i)).matches("(.*/)?sleep")
                    && String.valueOf(command.get(i + 1)).matches("\\d+")) {
                return Integer.valueOf(String.valueOf(command.get(i + 1)));
            }
        }
        return null;
    }

    /** Spring's spring.lifecycle.timeout-per-shutdown-phase as the service sets it (Spring's default: 30 s). */
    static Duration shutdownPhase(ServiceConfig config) {
        String value = config.property("spring.lifecycle.timeout-per-shutdown-phase", ServiceConfig.CONTAINER_PROFILES);
        if (value == null || value.isBlank()) {
            return Duration.ofSeconds(30);
        }
        Matcher simple = Pattern.compile("(\\d+)(ns|us|ms|s|m|h|d)?").matcher(value.strip());
        if (!simple.matches()) {
            return Duration.parse(value.strip());
        }
        ChronoUnit unit = switch (simple.group(2) == null ? "ms" : simple.group(2)) {
            case "ns" -> ChronoUnit.NANOS;
            case "us" -> ChronoUnit.MICROS;
            case "ms" -> ChronoUnit.MILLIS;
            case "s" -> ChronoUnit.SECONDS;
            case "m" -> ChronoUnit.MINUTES;
            case "h" -> ChronoUnit.HOURS;
            default -> ChronoUnit.DAYS;
        };
        return Duration.of(Long.parseLong(simple.group(1)), unit);
    }

    /** What Pod Security's restricted profile asks of every pod and container. */
    private void checkRestricted(Map<String, Object> owner, Map<String, Object> pod, Map<String, Object> container) {
        Map<String, Object> podContext = map(pod, "securityContext");
        Map<String, Object> context = map(container, "securityContext");
        if (!"true".equals(effective(context, podContext, "runAsNonRoot"))) {
            problem(owner, "does not insist on runAsNonRoot");
        }
        if (!"RuntimeDefault".equals(text(context.containsKey("seccompProfile") ? context : podContext,
                "seccompProfile", "type"))) {
            problem(owner, "has no RuntimeDefault seccomp profile");
        }
        if (!"false".equals(text(context, "allowPrivilegeEscalation"))) {
            problem(owner, "allows privilege escalation");
        }
        if (!list(context, "capabilities", "drop").contains("ALL")) {
            problem(owner, "does not drop ALL capabilities");
        }
        for (Map<String, Object> init : maps(pod, "initContainers")) {
            Map<String, Object> initContext = map(init, "securityContext");
            if (!"false".equals(text(initContext, "allowPrivilegeEscalation"))
                    || !list(initContext, "capabilities", "drop").contains("ALL")) {
                problem(owner, "init container " + text(init, "name") + " may escalate privileges or keeps"
                        + " capabilities");
            }
            variables(owner, init);
        }
        if (!"false".equals(text(pod, "automountServiceAccountToken"))) {
            problem(owner, "mounts a service account token it never uses");
        }
        if (!"false".equals(text(pod, "enableServiceLinks"))) {
            // SCHEDULE_PORT=tcp://... would collide with the services' own <NAME>_PORT settings, KAFKA_PORT with the
            // Kafka image's KAFKA_* settings, POSTGRES_PORT with the postgres image's
            problem(owner, "gets service-link variables (enableServiceLinks is not false)");
        }
    }

    /** The services' image in particular: its own user, and nothing written outside /tmp. */
    private void checkServiceHardening(Map<String, Object> deployment, Map<String, Object> pod,
            Map<String, Object> container) {
        Map<String, Object> podContext = map(pod, "securityContext");
        Map<String, Object> context = map(container, "securityContext");
        for (String id : List.of("runAsUser", "runAsGroup")) {
            if (!String.valueOf(IMAGE_USER).equals(effective(context, podContext, id))) {
                problem(deployment, id + " is " + effective(context, podContext, id) + ", not the image's "
                        + IMAGE_USER);
            }
        }
        if (!"true".equals(text(context, "readOnlyRootFilesystem"))) {
            problem(deployment, "has a writable root filesystem");
        }
        boolean tmpIsEmptyDir = maps(container, "volumeMounts").stream()
                .filter(mount -> "/tmp".equals(text(mount, "mountPath")))
                .anyMatch(mount -> maps(pod, "volumes").stream().anyMatch(volume ->
                        Objects.equals(text(volume, "name"), text(mount, "name")) && volume.containsKey("emptyDir")));
        if (!tmpIsEmptyDir) {
            problem(deployment, "has no emptyDir at /tmp, the one place the JVM must write");
        }
    }

    private static String effective(Map<String, Object> context, Map<String, Object> podContext, String key) {
        return context.containsKey(key) ? text(context, key) : text(podContext, key);
    }

    private void checkServiceObject(Map<String, Object> deployment, Map<String, Object> container, String service,
            int port) {
        Optional<Map<String, Object>> found = build.find("Service", service);
        if (found.isEmpty()) {
            problem(deployment, "has no Service " + service + " in front of it");
            return;
        }
        Map<String, Object> object = found.get();
        if (!selects(map(object, "spec", "selector"), deployment)) {
            problem(object, "does not select the pods of Deployment/" + service);
        }
        boolean reachesContainer = maps(object, "spec", "ports").stream().anyMatch(entry ->
                Objects.equals(port, integer(entry, "port")) && Objects.equals(port, containerPort(container,
                        entry.containsKey("targetPort") ? at(entry, "targetPort") : at(entry, "port"))));
        if (!reachesContainer) {
            problem(object, "has no port " + port + " that reaches the container's port " + port);
        }
    }

    private void checkDisruptionBudget(Map<String, Object> deployment) {
        List<Map<String, Object>> budgets = build.ofKind("PodDisruptionBudget").stream()
                .filter(budget -> selects(map(budget, "spec", "selector", "matchLabels"), deployment)).toList();
        if (budgets.isEmpty()) {
            problem(deployment, "has no PodDisruptionBudget selecting its pods");
        }
        int replicas = minimumReplicas(deployment);
        for (Map<String, Object> budget : budgets) {
            Object maxUnavailable = at(budget, "spec", "maxUnavailable");
            Object minAvailable = at(budget, "spec", "minAvailable");
            if (maxUnavailable != null && isZero(maxUnavailable)) {
                problem(budget, "maxUnavailable 0 blocks every node drain for good");
            }
            if (minAvailable != null && count(minAvailable, replicas) >= replicas) {
                problem(budget, "minAvailable " + minAvailable + " with " + replicas
                        + " replica(s) never lets a drain evict a pod");
            }
        }
    }

    private void checkReplicas(Map<String, Object> deployment, String service) {
        if (autoscalerOf(service).isPresent() && at(deployment, "spec", "replicas") != null) {
            problem(deployment, "sets replicas although its HorizontalPodAutoscaler owns the count: every apply"
                    + " would reset it");
        }
        if (SINGLETONS.contains(service)) {
            if (autoscalerOf(service).isPresent()) {
                problem(deployment, "is scaled by a HorizontalPodAutoscaler, but its logins in progress live in one"
                        + " pod's memory: it must run as exactly one pod");
            }
            int count = value(integer(deployment, "spec", "replicas"), 1);
            if (count != 1) {
                problem(deployment, "keeps " + count + " replica(s), not exactly 1: a second pod would refuse the"
                        + " authorization codes the first one issued");
            }
            return;
        }
        int replicas = minimumReplicas(deployment);
        if (replicas < rules.minimumReplicas()) {
            problem(deployment, "keeps " + replicas + " replica(s) at least; this overlay wants "
                    + rules.minimumReplicas());
        }
    }

    private int minimumReplicas(Map<String, Object> deployment) {
        Optional<Map<String, Object>> autoscaler = autoscalerOf(name(deployment));
        return autoscaler.isPresent() ? value(integer(autoscaler.get(), "spec", "minReplicas"), 1)
                : value(integer(deployment, "spec", "replicas"), 1);
    }

    private Optional<Map<String, Object>> autoscalerOf(String deployment) {
        return build.ofKind("HorizontalPodAutoscaler").stream()
                .filter(hpa -> "Deployment".equals(text(hpa, "spec", "scaleTargetRef", "kind"))
                        && deployment.equals(text(hpa, "spec", "scaleTargetRef", "name")))
                .findFirst();
    }

    // ---- autoscaling and the way in

    private void checkAutoscalers() {
        for (Map<String, Object> hpa : build.ofKind("HorizontalPodAutoscaler")) {
            if (!"autoscaling/v2".equals(text(hpa, "apiVersion"))) {
                problem(hpa, "is " + text(hpa, "apiVersion") + ", not autoscaling/v2");
            }
            String kind = text(hpa, "spec", "scaleTargetRef", "kind");
            String target = text(hpa, "spec", "scaleTargetRef", "name");
            if (!"Deployment".equals(kind) || target == null || build.find(kind, target).isEmpty()) {
                problem(hpa, "scales " + kind + "/" + target + ", which the build does not contain");
            }
            boolean onCpu = maps(hpa, "spec", "metrics").stream().anyMatch(metric ->
                    "Resource".equals(text(metric, "type")) && "cpu".equals(text(metric, "resource", "name"))
                            && "Utilization".equals(text(metric, "resource", "target", "type")));
            if (!onCpu) {
                problem(hpa, "does not scale on CPU utilisation");
            }
            Integer window = integer(hpa, "spec", "behavior", "scaleDown", "stabilizationWindowSeconds");
            if (window == null || window < 60) {
                problem(hpa, "sets no scale-down stabilisation of a minute or more, so the count would flap");
            }
            if (value(integer(hpa, "spec", "minReplicas"), 1) > value(integer(hpa, "spec", "maxReplicas"), 0)) {
                problem(hpa, "has minReplicas above maxReplicas");
            }
        }
        Optional<Map<String, Object>> reservation = autoscalerOf("reservation");
        if (reservation.isEmpty()) {
            problem("no HorizontalPodAutoscaler for Deployment/reservation (spec 3.3)");
        } else {
            Integer min = integer(reservation.get(), "spec", "minReplicas");
            Integer max = integer(reservation.get(), "spec", "maxReplicas");
            if (value(min, 1) != rules.minimumReplicas()
                    || !Objects.equals(max, KubernetesOverlayRules.RESERVATION_MAX_REPLICAS)) {
                problem(reservation.get(), "scales reservation between " + value(min, 1) + " and " + max + ", not "
                        + rules.minimumReplicas() + " and " + KubernetesOverlayRules.RESERVATION_MAX_REPLICAS);
            }
        }
        if (autoscalerOf("gateway").isEmpty()) {
            problem("no HorizontalPodAutoscaler for Deployment/gateway");
        }
        if (autoscalerOf("schedule").isEmpty()) {
            // every booking waits on schedule's hold: a rush that scales reservation alone only queues there
            problem("no HorizontalPodAutoscaler for Deployment/schedule");
        }
    }

    private void checkGatewayExposure() {
        Optional<Map<String, Object>> gateway = build.find("Service", "gateway");
        if (gateway.isEmpty()) {
            return;
        }
        String type = Objects.requireNonNullElse(text(gateway.get(), "spec", "type"), "ClusterIP");
        boolean throughIngress = build.ofKind("Ingress").stream().anyMatch(KubernetesManifestChecker::routesToGateway);
        boolean reachable = rules.gatewayExposure().contains(type)
                || (rules.gatewayExposure().contains("Ingress") && throughIngress);
        if (!reachable) {
            problem(gateway.get(), "is " + type + (throughIngress ? " behind an Ingress" : "")
                    + "; overlay " + rules.overlay() + " reaches the gateway through " + rules.gatewayExposure());
        }
        if ("NodePort".equals(type) && maps(gateway.get(), "spec", "ports").stream()
                .anyMatch(entry -> integer(entry, "nodePort") == null)) {
            problem(gateway.get(), "has no fixed nodePort, so its address would change with every new Service");
        }
    }

    private static boolean routesToGateway(Map<String, Object> ingress) {
        if ("gateway".equals(text(ingress, "spec", "defaultBackend", "service", "name"))) {
            return true;
        }
        return maps(ingress, "spec", "rules").stream()
                .flatMap(rule -> maps(rule, "http", "paths").stream())
                .anyMatch(path -> "gateway".equals(text(path, "backend", "service", "name")));
    }

    // ---- Kafka and PostgreSQL

    private void checkStatefulSet(String name, String image) {
        Map<String, Object> set = required("StatefulSet", name);
        if (set == null) {
            return;
        }
        Map<String, Object> pod = podSpec(set);
        Map<String, Object> container = maps(pod, "containers").stream().findFirst().orElse(Map.of());
        if (!image.equals(text(container, "image"))) {
            problem(set, "runs " + text(container, "image") + ", not " + image);
        }
        List<Map<String, Object>> claims = maps(set, "spec", "volumeClaimTemplates");
        if (claims.isEmpty()) {
            problem(set, "has no volumeClaimTemplates: its data would die with the pod");
        }
        for (Map<String, Object> claim : claims) {
            String claimName = text(claim, "metadata", "name");
            if (maps(container, "volumeMounts").stream().noneMatch(mount -> claimName.equals(text(mount, "name")))) {
                problem(set, "never mounts its volume " + claimName);
            }
            String storageClass = text(claim, "spec", "storageClassName");
            if (rules.storageClass() != null && !rules.storageClass().equals(storageClass)) {
                problem(set, "claims storage class " + storageClass + ", not " + rules.storageClass());
            }
        }
        String governing = text(set, "spec", "serviceName");
        Optional<Map<String, Object>> headless = governing == null ? Optional.empty() : build.find("Service", governing);
        if (headless.isEmpty() || !"None".equals(text(headless.get(), "spec", "clusterIP"))) {
            problem(set, "is not governed by a headless Service (serviceName " + governing + ")");
        }
        if (build.find("Service", name).isEmpty()) {
            problem(set, "has no Service " + name + " for the services to connect to");
        }
        for (String probe : List.of("readinessProbe", "livenessProbe")) {
            if (map(container, probe).isEmpty()) {
                problem(set, "has no " + probe);
            }
        }
        checkResources(set, container);
        checkRestricted(set, pod, container);
        statefulSetVariables.put(name, variables(set, container));
    }

    /** The postgres pod creates the roles the services log in as; both sides must use the same passwords. */
    private void checkDatabaseWiring() {
        Optional<Map<String, Object>> found = build.find("StatefulSet", "postgres");
        if (found.isEmpty()) {
            return;
        }
        Map<String, Object> postgres = found.get();
        Map<String, Object> pod = podSpec(postgres);
        Map<String, Object> container = maps(pod, "containers").stream().findFirst().orElse(Map.of());
        Map<String, Variable> variables = statefulSetVariables.get("postgres");
        if (variables.get("POSTGRES_PASSWORD") == null || variables.get("POSTGRES_PASSWORD").secret() == null) {
            problem(postgres, "POSTGRES_PASSWORD does not come from a Secret");
        }
        Variable database = variables.get("POSTGRES_DB");
        serviceVariables.forEach((service, own) -> {
            if (!own.containsKey("PGUSER")) {
                return;
            }
            Variable servicePassword = own.get("PGPASSWORD");
            String initVariable = service.toUpperCase() + "_DB_PASSWORD";
            Variable initPassword = variables.get(initVariable);
            if (initPassword == null) {
                problem(postgres, "gives init-schemas.sh no " + initVariable + ", so role " + service
                        + " is never created");
            } else if (servicePassword != null && !(Objects.equals(servicePassword.secret(), initPassword.secret())
                    && Objects.equals(servicePassword.key(), initPassword.key()))) {
                problem(postgres, initVariable + " comes from " + initPassword.secret() + "/" + initPassword.key()
                        + ", but " + service + " logs in with " + servicePassword.secret() + "/"
                        + servicePassword.key());
            }
            Variable serviceDatabase = own.get("PGDATABASE");
            if (database == null || serviceDatabase == null
                    || !Objects.equals(database.value(), serviceDatabase.value())) {
                problem(postgres, "creates database " + (database == null ? null : database.value()) + ", but "
                        + service + " connects to " + (serviceDatabase == null ? null : serviceDatabase.value()));
            }
        });
        checkInitScriptMounted(postgres, pod, container);
    }

    /** At their largest scale, the services' connection pools still fit in what PostgreSQL accepts. */
    private void checkConnectionBudget() {
        Optional<Map<String, Object>> postgres = build.find("StatefulSet", "postgres");
        if (postgres.isEmpty()) {
            return;
        }
        int total = 0;
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, Map<String, Variable>> service : serviceVariables.entrySet()) {
            if (!service.getValue().containsKey("PGUSER")) {
                continue;
            }
            Map<String, Object> deployment = build.get("Deployment", service.getKey());
            int replicas = autoscalerOf(service.getKey())
                    .map(hpa -> value(integer(hpa, "spec", "maxReplicas"), 1))
                    .orElse(value(integer(deployment, "spec", "replicas"), 1));
            Variable pool = service.getValue().get(POOL_SIZE_VARIABLE);
            String size = pool != null && pool.value() != null ? pool.value() : ServiceConfig.of(service.getKey())
                    .property("spring.datasource.hikari.maximum-pool-size", ServiceConfig.CONTAINER_PROFILES);
            int connections = replicas * Integer.parseInt(Objects.requireNonNullElse(size, "10"));
            total += connections;
            parts.add(service.getKey() + " " + replicas + " x " + size);
        }
        Map<String, Object> container = maps(postgres.get(), "spec", "template", "spec", "containers").stream()
                .findFirst().orElse(Map.of());
        int limit = list(container, "args").stream().map(String::valueOf)
                .filter(argument -> argument.matches("max_connections=\\d+"))
                .map(argument -> Integer.parseInt(argument.substring("max_connections=".length())))
                .findFirst().orElse(POSTGRES_MAX_CONNECTIONS) - POSTGRES_RESERVED_CONNECTIONS;
        if (total > limit) {
            problem(postgres.get(), "accepts " + limit + " connections, but the services' pools at their largest"
                    + " scale open " + total + " (" + String.join(", ", parts) + ")");
        }
    }

    private void checkInitScriptMounted(Map<String, Object> postgres, Map<String, Object> pod,
            Map<String, Object> container) {
        String volumeName = maps(container, "volumeMounts").stream()
                .filter(mount -> INIT_DIRECTORY.equals(text(mount, "mountPath")))
                .map(mount -> text(mount, "name")).findFirst().orElse(null);
        String configMap = maps(pod, "volumes").stream()
                .filter(volume -> Objects.equals(volumeName, text(volume, "name")))
                .map(volume -> text(volume, "configMap", "name")).filter(Objects::nonNull).findFirst().orElse(null);
        Optional<Map<String, Object>> scripts = configMap == null ? Optional.empty()
                : build.find("ConfigMap", configMap);
        String script;
        try {
            script = Files.readString(INIT_SCRIPT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (scripts.isEmpty() || !script.equals(text(scripts.get(), "data", INIT_SCRIPT.getFileName().toString()))) {
            problem(postgres, "does not mount " + ServiceConfig.ROOT.relativize(INIT_SCRIPT) + " from a ConfigMap in "
                    + INIT_DIRECTORY);
        }
    }

    // ---- the issuer (issue 9)

    /**
     * Every service expects the `iss` auth writes: the URL people reach auth at from outside, which the overlay
     * sets. The keys and reservation's own token come from the auth Service inside the cluster.
     */
    private void checkIssuer() {
        Map<String, Variable> own = serviceVariables.get(SecurityContract.ISSUER);
        Variable issuer = own == null ? null : own.get("ISSUER_URI");
        if (issuer == null || issuer.value() == null) {
            return;
        }
        Map<String, Object> auth = build.get("Deployment", SecurityContract.ISSUER);
        String value = issuer.value();
        URI uri = uri(value);
        if (uri == null || uri.getHost() == null || !uri.getScheme().matches("https?")) {
            problem(auth, "ISSUER_URI is " + value + ", not an http(s) URL");
        } else if (uri.getHost().endsWith(".invalid")) {
            problem(auth, "ISSUER_URI is the base's placeholder " + value + "; the overlay must set the public URL"
                    + " people log in at");
        } else if (!uri.getHost().contains(".") && build.find("Service", uri.getHost()).isPresent()) {
            problem(auth, "ISSUER_URI is " + value + ", a name inside the cluster, which browsers and tools outside"
                    + " cannot reach");
        } else {
            checkIssuerReachable(auth, uri);
        }
        serviceVariables.forEach((service, variables) -> {
            Map<String, Object> deployment = build.get("Deployment", service);
            Variable expected = variables.get("ISSUER_URI");
            if (expected != null && !Objects.equals(expected.value(), value)) {
                problem(deployment, "ISSUER_URI is " + expected.value() + ", but auth issues its tokens as " + value);
            }
            Map<String, String> internal = Map.of("JWK_SET_URI", SecurityContract.JWKS_PATH, "TOKEN_URI",
                    SecurityContract.TOKEN_PATH);
            internal.forEach((name, path) -> {
                Variable variable = variables.get(name);
                if (variable == null || variable.value() == null) {
                    return;
                }
                URI target = uri(variable.value());
                if (target == null || !SecurityContract.ISSUER.equals(target.getHost())) {
                    problem(deployment, name + " is " + variable.value() + ", which is not the auth Service");
                    return;
                }
                checkServiceExposes(deployment, name, target.getHost(), target.getPort() < 0 ? 80 : target.getPort());
                if (!path.equals(target.getPath())) {
                    problem(deployment, name + " is " + variable.value() + ", not auth's " + path);
                }
            });
        });
    }

    /** The issuer URL leads to the auth Service from outside: an Ingress for its host, a node port or a load balancer. */
    private void checkIssuerReachable(Map<String, Object> auth, URI issuer) {
        String host = issuer.getHost();
        int port = issuer.getPort() >= 0 ? issuer.getPort() : "https".equals(issuer.getScheme()) ? 443 : 80;
        List<Map<String, Object>> ingresses = build.ofKind("Ingress").stream().filter(ingress ->
                maps(ingress, "spec", "rules").stream().anyMatch(rule -> host.equals(text(rule, "host"))
                        && maps(rule, "http", "paths").stream().anyMatch(path -> SecurityContract.ISSUER.equals(
                                text(path, "backend", "service", "name"))))).toList();
        if (!ingresses.isEmpty()) {
            boolean tls = ingresses.stream().flatMap(ingress -> maps(ingress, "spec", "tls").stream())
                    .anyMatch(entry -> list(entry, "hosts").contains(host));
            if ("https".equals(issuer.getScheme()) && !tls) {
                problem(auth, "ISSUER_URI is " + issuer + ", but no Ingress for " + host + " has TLS for it");
            }
            return;
        }
        Optional<Map<String, Object>> service = build.find("Service", SecurityContract.ISSUER);
        String type = service.map(object -> Objects.requireNonNullElse(text(object, "spec", "type"), "ClusterIP"))
                .orElse("none");
        List<Map<String, Object>> ports = service.map(object -> maps(object, "spec", "ports")).orElse(List.of());
        boolean reachable = ("NodePort".equals(type) || "LoadBalancer".equals(type)) && ports.stream()
                .anyMatch(entry -> Objects.equals(port, integer(entry, "nodePort"))
                        || ("LoadBalancer".equals(type) && Objects.equals(port, integer(entry, "port"))));
        if (!reachable) {
            problem(auth, "ISSUER_URI is " + issuer + ", but no Ingress routes " + host + " to Service/auth and"
                    + " Service/auth (" + type + ") is not reached on port " + port);
        }
    }

    /**
     * auth signs with a key that outlives its pod where the overlay asks for it: AUTH_SIGNING_KEY_LOCATION names a
     * file that a Secret volume provides. Unset, auth generates a key at every start.
     */
    private void checkSigningKey() {
        Map<String, Variable> own = serviceVariables.get(SecurityContract.ISSUER);
        if (own == null) {
            return;
        }
        Map<String, Object> auth = build.get("Deployment", SecurityContract.ISSUER);
        Variable location = own.get(SecurityContract.SIGNING_KEY_VARIABLE);
        if (location == null || location.value() == null || location.value().isBlank()) {
            if (rules.signingKeyFromSecret()) {
                problem(auth, "generates a new signing key at every start (" + SecurityContract.SIGNING_KEY_VARIABLE
                        + " unset), so every restart voids every token; overlay " + rules.overlay()
                        + " wants it from a Secret (components/auth-signing-key)");
            }
            return;
        }
        String value = location.value();
        String file = value.startsWith("file:") ? value.substring("file:".length()) : null;
        Map<String, Object> pod = podSpec(auth);
        Map<String, Object> container = maps(pod, "containers").stream()
                .filter(candidate -> SecurityContract.ISSUER.equals(text(candidate, "name"))).findFirst()
                .orElse(Map.of());
        for (Map<String, Object> mount : maps(container, "volumeMounts")) {
            String directory = text(mount, "mountPath");
            if (file == null || directory == null || !file.startsWith(directory.replaceFirst("/?$", "/"))) {
                continue;
            }
            String relative = file.substring(directory.replaceFirst("/?$", "/").length());
            Optional<Map<String, Object>> volume = maps(pod, "volumes").stream()
                    .filter(candidate -> Objects.equals(text(candidate, "name"), text(mount, "name"))).findFirst();
            String secret = volume.map(candidate -> text(candidate, "secret", "secretName")).orElse(null);
            if (secret == null) {
                continue;
            }
            List<Map<String, Object>> items = maps(volume.get(), "secret", "items");
            String key = items.isEmpty() ? relative : items.stream().filter(item -> relative.equals(text(item, "path")))
                    .map(item -> text(item, "key")).findFirst().orElse(null);
            if (key != null) {
                return;
            }
        }
        problem(auth, SecurityContract.SIGNING_KEY_VARIABLE + " is " + value + ", which is no file: that a mounted"
                + " Secret provides");
    }

    /** A password, client secret or key comes from a Secret, never from a value in the manifest or a ConfigMap. */
    private void checkSecretsStayInSecrets() {
        for (String kind : List.of("Deployment", "StatefulSet")) {
            for (Map<String, Object> workload : build.ofKind(kind)) {
                Map<String, Object> pod = podSpec(workload);
                List<Map<String, Object>> containers = new ArrayList<>(maps(pod, "containers"));
                containers.addAll(maps(pod, "initContainers"));
                for (Map<String, Object> container : containers) {
                    for (Map<String, Object> entry : maps(container, "env")) {
                        String name = text(entry, "name");
                        if (name != null && SecurityContract.isSecret(name)
                                && map(entry, "valueFrom", "secretKeyRef").isEmpty()) {
                            problem(workload, "container " + text(container, "name") + " gets " + name
                                    + " written into the manifest or a ConfigMap, not from a Secret");
                        }
                    }
                    for (Map<String, Object> source : maps(container, "envFrom")) {
                        String configMap = text(source, "configMapRef", "name");
                        build.find("ConfigMap", configMap == null ? "" : configMap).ifPresent(object ->
                                map(object, "data").keySet().stream().filter(SecurityContract::isSecret).forEach(
                                        key -> problem(workload, "container " + text(container, "name") + " gets "
                                                + key + " from ConfigMap " + configMap + ", not from a Secret")));
                    }
                }
            }
        }
    }

    // ---- NetworkPolicies (issue 9)

    /**
     * Nothing gets in by default; every workload has a policy of its own; every connection the manifests make (read
     * from their variables) is let out by its source and in by its target; the gateway and auth take connections
     * from anywhere, and nothing else takes any it does not need, or makes any beyond DNS it does not need.
     */
    private void checkNetworkPolicies() {
        NetworkPolicies policies = new NetworkPolicies(build, NAMESPACE);
        if (policies.policies().stream().noneMatch(policy -> NetworkPolicies.deniesAll(policy,
                NetworkPolicies.INGRESS))) {
            problem("no default-deny NetworkPolicy (every pod, policyTypes Ingress, no rules): every pod takes"
                    + " connections from anywhere");
        }
        for (NetworkPolicies.Workload workload : policies.workloads()) {
            boolean ownPolicy = policies.policies().stream()
                    .filter(policy -> !map(policy, "spec", "podSelector").isEmpty())
                    .filter(policy -> NetworkPolicies.selects(map(policy, "spec", "podSelector"), workload.labels()))
                    .anyMatch(policy -> !list(policy, "spec", "ingress").isEmpty()
                            || !list(policy, "spec", "egress").isEmpty());
            if (!ownPolicy) {
                problem(workload.object(), "is selected by no NetworkPolicy of its own that allows anything");
            }
        }
        List<NetworkPolicies.Flow> flows = policies.flows();
        for (NetworkPolicies.Flow flow : flows) {
            String source = flow.source().name();
            String target = flow.target().name();
            if (!policies.admits(flow.target(), flow.source(), flow.port())) {
                problem(flow.target().object(), "takes no connections from " + source + " on port " + flow.port()
                        + ", which " + source + " makes (" + flow.variable() + ")");
            }
            if (!policies.letsOut(flow.source(), flow.target(), flow.port())) {
                problem(flow.source().object(), "may not connect to " + target + " on port " + flow.port()
                        + ", which it does (" + flow.variable() + ")");
            }
        }
        for (String door : FRONT_DOORS) {
            policies.workload(door).ifPresent(workload -> {
                int port = ServiceConfig.of(door).containerPort();
                if (!policies.admitsFromAnywhere(workload, port)) {
                    problem(workload.object(), "does not take connections from anywhere on port " + port
                            + ", but people reach it from outside the cluster");
                }
            });
        }
        for (NetworkPolicies.Workload workload : policies.workloads()) {
            for (NetworkPolicies.Peer peer : policies.peers(workload, NetworkPolicies.INGRESS)) {
                if (peer.kind() != NetworkPolicies.PeerKind.PODS) {
                    if (!FRONT_DOORS.contains(workload.name())) {
                        problem(workload.object(), "takes connections from " + peer.description() + "; only "
                                + new TreeSet<>(FRONT_DOORS) + " are open to the outside");
                    }
                    continue;
                }
                checkPeers(workload, peer, policies, candidate -> flows.stream().anyMatch(flow ->
                        flow.source().name().equals(candidate.name()) && flow.target().name().equals(workload.name())),
                        "takes connections from ", ", which never connects to it");
            }
            for (NetworkPolicies.Peer peer : policies.peers(workload, NetworkPolicies.EGRESS)) {
                if (peer.dnsOnly()) {
                    continue;
                }
                if (peer.kind() != NetworkPolicies.PeerKind.PODS) {
                    problem(workload.object(), "may connect to " + peer.description() + " for more than DNS");
                    continue;
                }
                checkPeers(workload, peer, policies, candidate -> flows.stream().anyMatch(flow ->
                        flow.source().name().equals(workload.name()) && flow.target().name().equals(candidate.name())),
                        "may connect to ", ", which it never calls");
            }
            if (!policies.resolvesNames(workload)) {
                problem(workload.object(), "may not query DNS (UDP " + NetworkPolicies.DNS_PORT + "), so it cannot"
                        + " find the Services it calls");
            }
        }
    }

    private void checkPeers(NetworkPolicies.Workload workload, NetworkPolicies.Peer peer, NetworkPolicies policies,
            Predicate<NetworkPolicies.Workload> needed, String verb, String unneeded) {
        List<NetworkPolicies.Workload> matched = policies.matching(peer.podSelector());
        if (matched.isEmpty()) {
            problem(workload.object(), verb + peer.description() + ", which no workload in the build has");
        }
        for (NetworkPolicies.Workload candidate : matched) {
            if (!candidate.name().equals(workload.name()) && !needed.test(candidate)) {
                problem(workload.object(), verb + candidate.name() + unneeded);
            }
        }
    }

    private static URI uri(String value) {
        try {
            return new URI(value);
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /** Secrets mounted as volumes are secrets used too: the checks of checkSecrets apply to them. */
    private void recordSecretVolumes(Map<String, Object> owner, Map<String, Object> pod) {
        for (Map<String, Object> volume : maps(pod, "volumes")) {
            String secret = text(volume, "secret", "secretName");
            if (secret == null || KubernetesManifests.isTrue(volume, "secret", "optional")) {
                continue;
            }
            List<Map<String, Object>> items = maps(volume, "secret", "items");
            if (items.isEmpty()) {
                secretUses.add(new SecretUse(owner, secret, null));
            }
            items.forEach(item -> secretUses.add(new SecretUse(owner, secret, text(item, "key"))));
        }
    }

    private void checkSecrets() {
        List<Map<String, Object>> secrets = build.ofKind("Secret");
        if (rules.secrets() == KubernetesOverlayRules.SecretSource.CREATED_BY_HAND) {
            secrets.forEach(secret -> problem(secret, "is in the build, but overlay " + rules.overlay()
                    + " expects its secrets created by hand, out of the repository"));
            return;
        }
        for (SecretUse use : secretUses) {
            Optional<Map<String, Object>> secret = build.find("Secret", use.secret());
            if (secret.isEmpty()) {
                if (rules.secrets() == KubernetesOverlayRules.SecretSource.IN_BUILD) {
                    problem(use.user(), "reads Secret " + use.secret() + ", which the build does not contain");
                }
            } else if (use.key() != null && !map(secret.get(), "data").containsKey(use.key())
                    && !map(secret.get(), "stringData").containsKey(use.key())) {
                problem(use.user(), "reads key " + use.key() + " of Secret " + use.secret() + ", which has no such key");
            }
        }
    }

    // ---- shared look-ups

    /** The object, or null after noting that the build lacks it. */
    private Map<String, Object> required(String kind, String name) {
        Optional<Map<String, Object>> found = build.find(kind, name);
        if (found.isEmpty()) {
            problem("no " + kind + " " + name);
        }
        return found.orElse(null);
    }

    private static Map<String, Object> podSpec(Map<String, Object> workload) {
        return map(workload, "spec", "template", "spec");
    }

    /** Every variable a container gets, from env and envFrom, with ConfigMap values resolved. */
    private Map<String, Variable> variables(Map<String, Object> owner, Map<String, Object> container) {
        Map<String, Variable> variables = new LinkedHashMap<>();
        for (Map<String, Object> source : maps(container, "envFrom")) {
            String prefix = Objects.requireNonNullElse(text(source, "prefix"), "");
            String configMap = text(source, "configMapRef", "name");
            String secret = text(source, "secretRef", "name");
            if (configMap != null) {
                Optional<Map<String, Object>> found = build.find("ConfigMap", configMap);
                if (found.isEmpty()) {
                    problem(owner, "takes its environment from ConfigMap " + configMap + ", which the build lacks");
                }
                found.ifPresent(object -> map(object, "data").forEach((key, value) -> variables.put(prefix + key,
                        new Variable(prefix + key, String.valueOf(value), null, null))));
            } else if (secret != null) {
                Optional<Map<String, Object>> found = build.find("Secret", secret);
                if (found.isEmpty()) {
                    problem(owner, "takes its environment from Secret " + secret
                            + ", so which variables it sets cannot be checked");
                }
                found.ifPresent(object -> map(object, "data").keySet().forEach(key -> {
                    variables.put(prefix + key, new Variable(prefix + key, null, secret, key));
                    secretUses.add(new SecretUse(owner, secret, key));
                }));
            }
        }
        for (Map<String, Object> entry : maps(container, "env")) {
            String name = text(entry, "name");
            Map<String, Object> configMapKey = map(entry, "valueFrom", "configMapKeyRef");
            Map<String, Object> secretKey = map(entry, "valueFrom", "secretKeyRef");
            if (!configMapKey.isEmpty()) {
                variables.put(name, new Variable(name, configMapValue(owner, name, configMapKey), null, null));
            } else if (!secretKey.isEmpty()) {
                secretUses.add(new SecretUse(owner, text(secretKey, "name"), text(secretKey, "key")));
                variables.put(name, new Variable(name, null, text(secretKey, "name"), text(secretKey, "key")));
            } else {
                variables.put(name, new Variable(name, text(entry, "value"), null, null));
            }
        }
        return variables;
    }

    private String configMapValue(Map<String, Object> owner, String variable, Map<String, Object> reference) {
        String configMap = text(reference, "name");
        String key = text(reference, "key");
        Optional<Map<String, Object>> found = build.find("ConfigMap", configMap);
        if (found.isPresent() && map(found.get(), "data").containsKey(key)) {
            return text(found.get(), "data", key);
        }
        if (!KubernetesManifests.isTrue(reference, "optional")) {
            problem(owner, variable + " reads key " + key + " of ConfigMap " + configMap + ", which the build lacks");
        }
        return null;
    }

    /** A port given as a number or as the name of one of the container's ports. */
    private static Integer containerPort(Map<String, Object> container, Object port) {
        if (port == null) {
            return null;
        }
        String text = String.valueOf(port);
        if (text.matches("\\d+")) {
            return Integer.valueOf(text);
        }
        return maps(container, "ports").stream().filter(entry -> text.equals(text(entry, "name")))
                .map(entry -> integer(entry, "containerPort")).filter(Objects::nonNull).findFirst().orElse(null);
    }

    /** Whether a selector (non-empty) picks the pods of a workload's template. */
    private static boolean selects(Map<String, Object> selector, Map<String, Object> workload) {
        Map<String, Object> labels = map(workload, "spec", "template", "metadata", "labels");
        return !selector.isEmpty() && new LinkedHashSet<>(labels.entrySet()).containsAll(selector.entrySet());
    }

    private static boolean isZero(Object value) {
        return value != null && ("0".equals(String.valueOf(value)) || "0%".equals(String.valueOf(value)));
    }

    /** An int-or-percentage of a replica count, rounded up as the disruption controller does. */
    private static int count(Object value, int replicas) {
        String text = String.valueOf(value);
        if (text.endsWith("%")) {
            return (int) Math.ceil(replicas * Integer.parseInt(text.substring(0, text.length() - 1)) / 100.0);
        }
        return Integer.parseInt(text);
    }

    private static int value(Integer value, int otherwise) {
        return value == null ? otherwise : value;
    }
}
