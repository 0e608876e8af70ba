package healthcheck.deployment;

import static healthcheck.deployment.KubernetesManifests.integer;
import static healthcheck.deployment.KubernetesManifests.list;
import static healthcheck.deployment.KubernetesManifests.map;
import static healthcheck.deployment.KubernetesManifests.maps;
import static healthcheck.deployment.KubernetesManifests.text;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The NetworkPolicies of one build, read the way the API server and a network plugin read them, for the pods of the
 * build's own namespace: which policies isolate a pod, whether a connection between two workloads is let out by the
 * one and in by the other, and which connections the workloads really make ({@link #flows()}: every http(s) URL,
 * KAFKA_BOOTSTRAP_SERVERS and PGHOST a container is given that names one of the build's Services).
 */
final class NetworkPolicies {

    static final String INGRESS = "Ingress";
    static final String EGRESS = "Egress";
    static final int DNS_PORT = 53;

    /** A Deployment or StatefulSet: its name, its pods' labels and containers. */
    record Workload(Map<String, Object> object, String name, Map<String, Object> labels,
            List<Map<String, Object>> containers) {

        /** The port number a policy's port entry (a number or one of the containers' port names) means here. */
        Integer resolve(Object port) {
            if (port == null) {
                return null;
            }
            String text = String.valueOf(port);
            if (text.matches("\\d+")) {
                return Integer.valueOf(text);
            }
            return containers.stream().flatMap(container -> maps(container, "ports").stream())
                    .filter(entry -> text.equals(text(entry, "name"))).map(entry -> integer(entry, "containerPort"))
                    .filter(Objects::nonNull).findFirst().orElse(null);
        }
    }

    /** A connection a workload makes, because a variable names a Service in front of the target. */
    record Flow(Workload source, Workload target, int port, String variable) {
    }

    enum PeerKind {
        /** A rule without from/to: any source or destination, inside the cluster or out. */
        ANYONE,
        /** Pods of other namespaces or addresses (namespaceSelector, ipBlock). */
        OUTSIDE,
        /** Pods of this namespace matching a selector. */
        PODS
    }

    /** One peer of one rule, with the rule's ports. */
    record Peer(PeerKind kind, Map<String, Object> podSelector, String description, List<Map<String, Object>> ports) {

        /** Whether the rule's ports are DNS only. */
        boolean dnsOnly() {
            return !ports.isEmpty() && ports.stream().allMatch(entry -> String.valueOf(DNS_PORT).equals(
                    text(entry, "port")));
        }
    }

    private final KubernetesManifests build;
    private final String namespace;
    private final Map<String, Object> namespaceLabels = new LinkedHashMap<>();
    private final List<Map<String, Object>> policies;
    private final List<Workload> workloads = new ArrayList<>();

    NetworkPolicies(KubernetesManifests build, String namespace) {
        this.build = build;
        this.namespace = namespace;
        build.find("Namespace", namespace).ifPresent(object -> namespaceLabels.putAll(map(object, "metadata",
                "labels")));
        namespaceLabels.put("kubernetes.io/metadata.name", namespace);
        this.policies = build.ofKind("NetworkPolicy");
        for (String kind : List.of("Deployment", "StatefulSet")) {
            for (Map<String, Object> object : build.ofKind(kind)) {
                Map<String, Object> pod = map(object, "spec", "template", "spec");
                List<Map<String, Object>> containers = new ArrayList<>(maps(pod, "containers"));
                containers.addAll(maps(pod, "initContainers"));
                workloads.add(new Workload(object, KubernetesManifests.name(object),
                        map(object, "spec", "template", "metadata", "labels"), containers));
            }
        }
    }

    List<Map<String, Object>> policies() {
        return policies;
    }

    List<Workload> workloads() {
        return workloads;
    }

    Optional<Workload> workload(String name) {
        return workloads.stream().filter(workload -> workload.name().equals(name)).findFirst();
    }

    /** The policy types a policy applies (the API server's defaulting when policyTypes is left out). */
    static Set<String> types(Map<String, Object> policy) {
        List<Object> declared = list(policy, "spec", "policyTypes");
        if (!declared.isEmpty()) {
            return Set.copyOf(declared.stream().map(String::valueOf).toList());
        }
        return KubernetesManifests.at(policy, "spec", "egress") != null ? Set.of(INGRESS, EGRESS) : Set.of(INGRESS);
    }

    /** Whether a policy selects every pod of the namespace and lets nothing through in the given direction. */
    static boolean deniesAll(Map<String, Object> policy, String type) {
        Map<String, Object> selector = map(policy, "spec", "podSelector");
        return selector.isEmpty() && KubernetesManifests.at(policy, "spec", "podSelector") != null
                && types(policy).contains(type) && list(policy, "spec", rulesKey(type)).isEmpty();
    }

    /** The policies that isolate the workload's pods in the given direction. */
    List<Map<String, Object>> selecting(Workload workload, String type) {
        return policies.stream().filter(policy -> types(policy).contains(type))
                .filter(policy -> selects(map(policy, "spec", "podSelector"), workload.labels())).toList();
    }

    boolean isolated(Workload workload, String type) {
        return !selecting(workload, type).isEmpty();
    }

    /** Whether the target's policies let the source in on a TCP port. */
    boolean admits(Workload target, Workload source, int port) {
        return allows(target, INGRESS, source, target, port);
    }

    /** Whether the source's policies let it out to the target on a TCP port. */
    boolean letsOut(Workload source, Workload target, int port) {
        return allows(source, EGRESS, target, target, port);
    }

    /** Whether the target takes connections from any source at all on a TCP port (a rule without from). */
    boolean admitsFromAnywhere(Workload target, int port) {
        if (!isolated(target, INGRESS)) {
            return true;
        }
        return selecting(target, INGRESS).stream().flatMap(policy -> maps(policy, "spec", "ingress").stream())
                .anyMatch(rule -> list(rule, "from").isEmpty() && portMatches(list(rule, "ports"), target, "TCP",
                        port));
    }

    /** Whether the workload may query DNS (UDP 53) somewhere. */
    boolean resolvesNames(Workload workload) {
        if (!isolated(workload, EGRESS)) {
            return true;
        }
        return selecting(workload, EGRESS).stream().flatMap(policy -> maps(policy, "spec", "egress").stream())
                .anyMatch(rule -> portMatches(list(rule, "ports"), null, "UDP", DNS_PORT));
    }

    /** Every peer the workload's policies name in a direction, for the least-privilege checks. */
    List<Peer> peers(Workload workload, String type) {
        List<Peer> peers = new ArrayList<>();
        for (Map<String, Object> policy : selecting(workload, type)) {
            for (Map<String, Object> rule : maps(policy, "spec", rulesKey(type))) {
                List<Map<String, Object>> ports = maps(rule, "ports");
                List<Map<String, Object>> named = maps(rule, peersKey(type));
                if (named.isEmpty()) {
                    peers.add(new Peer(PeerKind.ANYONE, Map.of(), "anywhere (NetworkPolicy/"
                            + KubernetesManifests.name(policy) + ")", ports));
                }
                for (Map<String, Object> peer : named) {
                    if (peer.containsKey("ipBlock")) {
                        peers.add(new Peer(PeerKind.OUTSIDE, Map.of(), "addresses " + text(peer, "ipBlock", "cidr"),
                                ports));
                        continue;
                    }
                    Map<String, Object> podSelector = map(peer, "podSelector");
                    if (peer.containsKey("namespaceSelector")) {
                        Map<String, Object> namespaces = map(peer, "namespaceSelector");
                        if (!onlyThisNamespace(namespaces)) {
                            peers.add(new Peer(PeerKind.OUTSIDE, podSelector, "namespaces " + namespaces, ports));
                        }
                        if (!selects(namespaces, namespaceLabels)) {
                            continue;
                        }
                    }
                    peers.add(new Peer(PeerKind.PODS, podSelector, "pods " + podSelector, ports));
                }
            }
        }
        return peers;
    }

    /** The workloads of the build whose pods a selector picks. */
    List<Workload> matching(Map<String, Object> podSelector) {
        return workloads.stream().filter(workload -> selects(podSelector, workload.labels())).toList();
    }

    /**
     * The connections the workloads make to each other: for every container (init containers too) every variable
     * whose value is an http(s) URL, and KAFKA_BOOTSTRAP_SERVERS and PGHOST (with PGPORT), when the host is one of the
     * build's Services; the port is the container port the Service forwards to.
     */
    List<Flow> flows() {
        List<Flow> flows = new ArrayList<>();
        for (Workload source : workloads) {
            for (Map<String, Object> container : source.containers()) {
                Map<String, String> values = values(container);
                values.forEach((variable, value) -> {
                    for (String[] hostAndPort : destinations(variable, value, values)) {
                        addFlows(flows, source, variable, hostAndPort[0], Integer.valueOf(hostAndPort[1]));
                    }
                });
            }
        }
        return flows.stream().distinct().toList();
    }

    private void addFlows(List<Flow> flows, Workload source, String variable, String host, int port) {
        String serviceName = serviceName(host);
        Optional<Map<String, Object>> service = serviceName == null ? Optional.empty()
                : build.find("Service", serviceName);
        if (service.isEmpty()) {
            return;
        }
        Map<String, Object> selector = map(service.get(), "spec", "selector");
        Optional<Map<String, Object>> servicePort = maps(service.get(), "spec", "ports").stream()
                .filter(entry -> Objects.equals(port, integer(entry, "port"))).findFirst();
        if (selector.isEmpty() || servicePort.isEmpty()) {
            return;
        }
        Object targetPort = servicePort.get().containsKey("targetPort") ? servicePort.get().get("targetPort") : port;
        // a Service's selector is a plain label map, the set-based form's matchLabels
        for (Workload target : matching(Map.of("matchLabels", selector))) {
            Integer containerPort = target.resolve(targetPort);
            if (containerPort != null && target != source) {
                flows.add(new Flow(source, target, containerPort, variable));
            }
        }
    }

    /** host:port pairs a variable names, or none. */
    private static List<String[]> destinations(String variable, String value, Map<String, String> values) {
        List<String[]> destinations = new ArrayList<>();
        if (value == null) {
            return destinations;
        }
        if (value.matches("https?://.*")) {
            try {
                URI uri = new URI(value);
                if (uri.getHost() != null) {
                    int port = uri.getPort() >= 0 ? uri.getPort() : value.startsWith("https") ? 443 : 80;
                    destinations.add(new String[] {uri.getHost(), String.valueOf(port)});
                }
            } catch (URISyntaxException notAUrl) {
                // not a destination
            }
        } else if (variable.equals("KAFKA_BOOTSTRAP_SERVERS")) {
            for (String server : value.split(",")) {
                String[] parts = server.strip().split(":");
                if (parts.length == 2 && parts[1].matches("\\d+")) {
                    destinations.add(parts);
                }
            }
        } else if (variable.equals("PGHOST")) {
            String port = Objects.requireNonNullElse(values.get("PGPORT"), "5432");
            if (port.matches("\\d+")) {
                destinations.add(new String[] {value, port});
            }
        }
        return destinations;
    }

    /** The Service a host name means inside the namespace (name, name.namespace, name.namespace.svc...), or null. */
    private String serviceName(String host) {
        String[] parts = host.split("\\.");
        if (parts.length == 1) {
            return parts[0];
        }
        if (parts[1].equals(namespace) && (parts.length == 2 || parts[2].equals("svc"))) {
            return parts[0];
        }
        return null;
    }

    /** The variables a container gets, with ConfigMap values resolved and Secrets left out; no problems noted. */
    private Map<String, String> values(Map<String, Object> container) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Map<String, Object> source : maps(container, "envFrom")) {
            String prefix = Objects.requireNonNullElse(text(source, "prefix"), "");
            String configMap = text(source, "configMapRef", "name");
            if (configMap != null) {
                build.find("ConfigMap", configMap).ifPresent(object -> map(object, "data").forEach((key, value) ->
                        values.put(prefix + key, String.valueOf(value))));
            }
        }
        for (Map<String, Object> entry : maps(container, "env")) {
            Map<String, Object> reference = map(entry, "valueFrom", "configMapKeyRef");
            String value = text(entry, "value");
            if (!reference.isEmpty()) {
                value = build.find("ConfigMap", text(reference, "name"))
                        .map(object -> text(object, "data", text(reference, "key"))).orElse(null);
            }
            values.put(text(entry, "name"), value);
        }
        return values;
    }

    private boolean allows(Workload owner, String type, Workload peer, Workload destination, int port) {
        if (!isolated(owner, type)) {
            return true;
        }
        for (Map<String, Object> policy : selecting(owner, type)) {
            for (Map<String, Object> rule : maps(policy, "spec", rulesKey(type))) {
                if (portMatches(list(rule, "ports"), destination, "TCP", port) && includes(maps(rule,
                        peersKey(type)), list(rule, peersKey(type)).isEmpty(), peer)) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean includes(List<Map<String, Object>> peers, boolean anyone, Workload workload) {
        if (anyone) {
            return true;
        }
        for (Map<String, Object> peer : peers) {
            if (peer.containsKey("ipBlock")) {
                continue;
            }
            if (peer.containsKey("namespaceSelector") && !selects(map(peer, "namespaceSelector"), namespaceLabels)) {
                continue;
            }
            if (selects(map(peer, "podSelector"), workload.labels())) {
                return true;
            }
        }
        return false;
    }

    /** Whether a rule's ports let a connection to the destination's port through (no ports: every port). */
    private static boolean portMatches(List<Object> ports, Workload destination, String protocol, int port) {
        if (ports.isEmpty()) {
            return true;
        }
        for (Object item : ports) {
            Map<String, Object> entry = map(item);
            if (!protocol.equals(Objects.requireNonNullElse(text(entry, "protocol"), "TCP"))) {
                continue;
            }
            Object declared = entry.get("port");
            if (declared == null) {
                return true;
            }
            Integer number = String.valueOf(declared).matches("\\d+") ? Integer.valueOf(String.valueOf(declared))
                    : destination == null ? null : destination.resolve(declared);
            Integer end = integer(entry, "endPort");
            if (number != null && (number == port || (end != null && number <= port && port <= end))) {
                return true;
            }
        }
        return false;
    }

    /** Whether a namespaceSelector can pick no namespace but this one. */
    private boolean onlyThisNamespace(Map<String, Object> namespaces) {
        return namespace.equals(text(namespaces, "matchLabels", "kubernetes.io/metadata.name"));
    }

    /** A label selector (matchLabels and matchExpressions) against labels; the empty selector picks everything. */
    static boolean selects(Map<String, Object> selector, Map<String, Object> labels) {
        Map<String, Object> matchLabels = map(selector, "matchLabels");
        for (Map.Entry<String, Object> label : matchLabels.entrySet()) {
            if (!Objects.equals(String.valueOf(label.getValue()), text(labels, label.getKey()))) {
                return false;
            }
        }
        for (Map<String, Object> expression : maps(selector, "matchExpressions")) {
            String value = text(labels, text(expression, "key"));
            List<String> values = list(expression, "values").stream().map(String::valueOf).toList();
            boolean matches = switch (String.valueOf(text(expression, "operator"))) {
                case "In" -> value != null && values.contains(value);
                case "NotIn" -> value == null || !values.contains(value);
                case "Exists" -> value != null;
                case "DoesNotExist" -> value == null;
                default -> false;
            };
            if (!matches) {
                return false;
            }
        }
        return true;
    }

    private static String rulesKey(String type) {
        return INGRESS.equals(type) ? "ingress" : "egress";
    }

    private static String peersKey(String type) {
        return INGRESS.equals(type) ? "from" : "to";
    }
}
