package healthcheck.deployment;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/**
 * A service's own configuration as its jar carries it: its application.yml and, when it imports it (the four
 * services built on the platform), the shared healthcheck-defaults.yml. The deployment artifacts are checked against
 * this, so a port, variable name or health path changed in a service breaks the build instead of a deployment.
 * The issuer, auth, is being written on another branch: while this tree has no auth/ module, its configuration is
 * the security contract's stand-in (src/test/resources/security-contract/auth-application.yml), and a note says so.
 */
final class ServiceConfig {

    static final Path ROOT = Path.of(System.getProperty("healthcheck.root", "..")).toAbsolutePath().normalize();

    /** The deployable applications (the issuer and the five services), in the order the system starts them. */
    static final List<String> SERVICES = List.of("auth", "schedule", "reservation", "delivery", "customercenter",
            "gateway");

    /** Configuration that stands in for a module this tree does not have yet, by the module's name. */
    private static final Map<String, String> STAND_INS = Map.of("auth", "/security-contract/auth-application.yml");
    private static final String PLATFORM_DEFAULTS = "healthcheck-defaults.yml";
    private static final Set<String> NOTED = ConcurrentHashMap.newKeySet();

    /** The profiles the images run with. */
    static final List<String> CONTAINER_PROFILES = List.of("container", "postgres");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.\\-]+)(?::([^}]*))?}");
    private static final Pattern ENVIRONMENT_STYLE = Pattern.compile("[A-Z][A-Z0-9_]*");

    private final String name;
    /** Documents in ascending precedence: the service's file first, then the imported defaults. */
    private final List<Document> documents;

    private ServiceConfig(String name, List<Document> documents) {
        this.name = name;
        this.documents = documents;
    }

    static ServiceConfig of(String service) {
        if (!SERVICES.contains(service)) {
            throw new IllegalArgumentException("not a service: " + service);
        }
        List<Document> documents = new ArrayList<>();
        if (!Files.isDirectory(ROOT.resolve(service)) && STAND_INS.containsKey(service)) {
            if (NOTED.add(service)) {
                System.out.println("note: " + service + "/ is not in this tree yet; checking its deployment against the"
                        + " security contract's stand-in " + STAND_INS.get(service));
            }
            documents.addAll(documents(resource(STAND_INS.get(service))));
        } else {
            documents.addAll(read(ROOT.resolve(service + "/src/main/resources/application.yml")));
        }
        boolean importsDefaults = documents.stream().map(document -> document.properties().get("spring.config.import"))
                .anyMatch(imports -> imports != null && imports.contains(PLATFORM_DEFAULTS));
        if (importsDefaults) {
            documents.addAll(read(ROOT.resolve("platform/src/main/resources/" + PLATFORM_DEFAULTS)));
        }
        return new ServiceConfig(service, documents);
    }

    String name() {
        return name;
    }

    /**
     * A property's value with the given profiles active, placeholders resolved to their defaults (what the service
     * uses when no environment variable is set), or null when nothing sets it.
     */
    String property(String key, List<String> activeProfiles) {
        String value = null;
        // Profile-specific documents win over plain ones; among equals, imported defaults win over the service file.
        for (boolean profileSpecific : new boolean[] {false, true}) {
            for (Document document : documents) {
                if ((document.profile() != null) == profileSpecific && document.activeFor(activeProfiles)
                        && document.properties().containsKey(key)) {
                    value = document.properties().get(key);
                }
            }
        }
        return value == null ? null : resolveDefaults(value, activeProfiles);
    }

    /** The HTTP port the service listens on with the given profiles and no port variable set. */
    int port(List<String> activeProfiles) {
        String port = property("server.port", activeProfiles);
        return port == null ? 8080 : Integer.parseInt(port);
    }

    /** The port inside a container, where the images' profiles are active. */
    int containerPort() {
        return port(CONTAINER_PROFILES);
    }

    /** Every environment-variable-style placeholder the configuration reads, in any profile. */
    Set<String> environmentVariables() {
        Set<String> names = new TreeSet<>();
        for (Document document : documents) {
            for (String value : document.properties().values()) {
                Matcher matcher = PLACEHOLDER.matcher(value);
                while (matcher.find()) {
                    if (ENVIRONMENT_STYLE.matcher(matcher.group(1)).matches()) {
                        names.add(matcher.group(1));
                    }
                }
            }
        }
        return names;
    }

    /** /actuator/health/liveness when the service turns its probe groups on; the test fails otherwise. */
    String livenessPath() {
        return probePath("liveness");
    }

    /** /actuator/health/readiness when the service turns its probe groups on; the test fails otherwise. */
    String readinessPath() {
        return probePath("readiness");
    }

    private String probePath(String group) {
        List<String> profiles = CONTAINER_PROFILES;
        if (!"true".equals(property("management.endpoint.health.probes.enabled", profiles))) {
            throw new IllegalStateException(name + " does not enable the health probes");
        }
        if (property("management.endpoint.health.group." + group + ".include", profiles) == null) {
            throw new IllegalStateException(name + " has no " + group + " health group");
        }
        if (property("management.server.port", profiles) != null) {
            throw new IllegalStateException(name + " serves actuator on a separate port; the probes would need it");
        }
        String exposed = property("management.endpoints.web.exposure.include", profiles);
        if (exposed == null || !Arrays.asList(exposed.split("\\s*,\\s*")).contains("health")) {
            throw new IllegalStateException(name + " does not expose the health endpoint over HTTP");
        }
        String basePath = property("management.endpoints.web.base-path", profiles);
        return (basePath == null ? "/actuator" : basePath) + "/health/" + group;
    }

    private String resolveDefaults(String value, List<String> activeProfiles) {
        Matcher matcher = PLACEHOLDER.matcher(value);
        StringBuilder resolved = new StringBuilder();
        while (matcher.find()) {
            String key = matcher.group(1);
            String replacement = ENVIRONMENT_STYLE.matcher(key).matches() ? matcher.group(2) : property(key,
                    activeProfiles);
            matcher.appendReplacement(resolved, Matcher.quoteReplacement(replacement == null ? "" : replacement));
        }
        matcher.appendTail(resolved);
        return resolved.toString();
    }

    private static List<Document> read(Path file) {
        try {
            return documents(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = ServiceConfig.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("no test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Document> documents(String text) {
        List<Document> documents = new ArrayList<>();
        for (Object loaded : new Yaml().loadAll(text)) {
            if (loaded instanceof Map<?, ?> map) {
                Map<String, String> properties = new LinkedHashMap<>();
                flatten("", map, properties);
                documents.add(new Document(properties.get("spring.config.activate.on-profile"), properties));
            }
        }
        return documents;
    }

    private static void flatten(String prefix, Object value, Map<String, String> into) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, child) -> flatten(prefix.isEmpty() ? String.valueOf(key) : prefix + "." + key, child,
                    into));
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                flatten(prefix + "[" + i + "]", list.get(i), into);
            }
            into.put(prefix, String.join(",", list.stream().map(String::valueOf).toList()));
        } else {
            into.put(prefix, value == null ? "" : String.valueOf(value));
        }
    }

    private record Document(String profile, Map<String, String> properties) {

        boolean activeFor(List<String> activeProfiles) {
            return profile == null || activeProfiles.contains(profile);
        }
    }
}
