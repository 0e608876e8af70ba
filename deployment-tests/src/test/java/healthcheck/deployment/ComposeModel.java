package healthcheck.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml as compose reads it, with the spellings the format allows for one thing (environment as a map
 * or a list, short or long port and volume syntax, depends_on as a list or a map) brought to one shape, so the
 * checks say what they mean rather than how it may be written.
 */
final class ComposeModel {

    static final Path FILE = ServiceConfig.ROOT.resolve("docker-compose.yml");

    private static final Pattern VARIABLE = Pattern.compile(
            "\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?}|\\$([A-Za-z_][A-Za-z0-9_]*)");

    private final Map<String, Object> root;

    private ComposeModel(Map<String, Object> root) {
        this.root = root;
    }

    static ComposeModel read() {
        try {
            return parse(Files.readString(FILE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ComposeModel parse(String text) {
        LoaderOptions options = new LoaderOptions();
        // compose v2 refuses a key given twice; reading it silently would hide which of the two is meant
        options.setAllowDuplicateKeys(false);
        Object loaded = new Yaml(options).load(text);
        if (!(loaded instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("not a compose file: its top level is not a mapping");
        }
        return new ComposeModel(stringKeys(map));
    }

    Set<String> services() {
        return map(root.get("services")).keySet();
    }

    boolean has(String service) {
        return services().contains(service);
    }

    /** A service's own setting as written (placeholders unresolved), or null. */
    Object setting(String service, String key) {
        return map(map(root.get("services")).get(service)).get(key);
    }

    String text(String service, String key) {
        Object value = setting(service, key);
        return value == null ? null : String.valueOf(value);
    }

    /** Variables set for the service, values as written; a bare name (passed through from the host) maps to "". */
    Map<String, String> environment(String service) {
        Object environment = setting(service, "environment");
        Map<String, String> variables = new LinkedHashMap<>();
        if (environment instanceof Map<?, ?> map) {
            map.forEach((key, value) -> variables.put(String.valueOf(key), value == null ? "" : String.valueOf(value)));
        } else if (environment instanceof List<?> list) {
            for (Object entry : list) {
                String[] parts = String.valueOf(entry).split("=", 2);
                variables.put(parts[0], parts.length == 2 ? parts[1] : "");
            }
        }
        return variables;
    }

    /** The command the healthcheck runs, as one string; null when there is none or it is disabled. */
    String healthcheckCommand(String service) {
        Map<String, Object> healthcheck = map(setting(service, "healthcheck"));
        if (Boolean.TRUE.equals(healthcheck.get("disable"))) {
            return null;
        }
        Object test = healthcheck.get("test");
        if (test instanceof String shell) {
            return shell;
        }
        if (test instanceof List<?> list && !list.isEmpty()) {
            List<String> words = list.stream().map(String::valueOf).toList();
            return switch (words.getFirst()) {
                case "CMD", "CMD-SHELL" -> String.join(" ", words.subList(1, words.size()));
                default -> null;
            };
        }
        return null;
    }

    String healthcheckSetting(String service, String key) {
        Object value = map(setting(service, "healthcheck")).get(key);
        return value == null ? null : String.valueOf(value);
    }

    List<PortMapping> ports(String service) {
        List<PortMapping> mappings = new ArrayList<>();
        for (Object port : list(setting(service, "ports"))) {
            if (port instanceof Map<?, ?> longSyntax) {
                Object published = longSyntax.get("published");
                mappings.add(new PortMapping(published == null ? null : withDefaults(String.valueOf(published)),
                        withDefaults(String.valueOf(longSyntax.get("target")))));
            } else {
                String resolved = withDefaults(String.valueOf(port)).replaceFirst("/(tcp|udp)$", "");
                int split = resolved.lastIndexOf(':');
                mappings.add(split < 0 ? new PortMapping(null, resolved)
                        : new PortMapping(resolved.substring(0, split), resolved.substring(split + 1)));
            }
        }
        return mappings;
    }

    List<Mount> volumes(String service) {
        List<Mount> mounts = new ArrayList<>();
        for (Object volume : list(setting(service, "volumes"))) {
            if (volume instanceof Map<?, ?> longSyntax) {
                Object source = longSyntax.get("source");
                mounts.add(new Mount(source == null ? null : withDefaults(String.valueOf(source)),
                        String.valueOf(longSyntax.get("target")), Boolean.TRUE.equals(longSyntax.get("read_only"))));
            } else {
                String[] parts = withDefaults(String.valueOf(volume)).split(":");
                mounts.add(parts.length == 1 ? new Mount(null, parts[0], false)
                        : new Mount(parts[0], parts[1], parts.length > 2 && parts[2].contains("ro")));
            }
        }
        return mounts;
    }

    /** mem_limit, or the Compose Specification's deploy.resources.limits.memory; null when neither is set. */
    String memoryLimit(String service) {
        Object memLimit = setting(service, "mem_limit");
        if (memLimit != null) {
            return String.valueOf(memLimit);
        }
        Object memory = map(map(map(setting(service, "deploy")).get("resources")).get("limits")).get("memory");
        return memory == null ? null : String.valueOf(memory);
    }

    Set<String> namedVolumes() {
        return map(root.get("volumes")).keySet();
    }

    /** What the service waits for, and on which condition (compose's default for the list form: started). */
    Map<String, String> dependsOn(String service) {
        Object dependsOn = setting(service, "depends_on");
        Map<String, String> conditions = new LinkedHashMap<>();
        if (dependsOn instanceof List<?> list) {
            list.forEach(name -> conditions.put(String.valueOf(name), "service_started"));
        } else if (dependsOn instanceof Map<?, ?> map) {
            map.forEach((name, options) -> {
                Object condition = map(options).get("condition");
                conditions.put(String.valueOf(name), condition == null ? "service_started" : String.valueOf(condition));
            });
        }
        return conditions;
    }

    /** Every variable the file reads from the environment compose runs in. */
    Set<String> variables() {
        Set<String> names = new TreeSet<>();
        collectVariables(root, names);
        return names;
    }

    private static void collectVariables(Object value, Set<String> names) {
        if (value instanceof Map<?, ?> map) {
            map.values().forEach(child -> collectVariables(child, names));
        } else if (value instanceof List<?> list) {
            list.forEach(child -> collectVariables(child, names));
        } else if (value instanceof String text) {
            Matcher matcher = VARIABLE.matcher(text);
            while (matcher.find()) {
                String name = matcher.group(1) != null ? matcher.group(1) : matcher.group(4);
                if (name != null) {
                    names.add(name);
                }
            }
        }
    }

    /** A value as compose resolves it when none of its variables is set: defaults taken, "$$" unescaped. */
    static String withDefaults(String value) {
        return interpolate(value, Map.of());
    }

    /** A value as compose resolves it from the given variables ({@code ${V:-d}, ${V-d}, ${V}, $V, $$}). */
    static String interpolate(String value, Map<String, String> variables) {
        Matcher matcher = VARIABLE.matcher(value);
        StringBuilder resolved = new StringBuilder();
        while (matcher.find()) {
            String replacement;
            if (matcher.group().equals("$$")) {
                replacement = "$";
            } else {
                String name = matcher.group(1) != null ? matcher.group(1) : matcher.group(4);
                String operator = matcher.group(2);
                String set = variables.get(name);
                boolean empty = set == null || set.isEmpty();
                if (operator == null) {
                    replacement = set == null ? "" : set;
                } else if (operator.endsWith("-")) {
                    replacement = (operator.startsWith(":") ? empty : set == null) ? matcher.group(3) : set;
                } else if (operator.endsWith("+")) {
                    replacement = (operator.startsWith(":") ? empty : set == null) ? "" : matcher.group(3);
                } else if (operator.startsWith(":") ? empty : set == null) {
                    throw new IllegalArgumentException(name + " must be set: " + matcher.group(3));
                } else {
                    replacement = set;
                }
            }
            matcher.appendReplacement(resolved, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(resolved);
        return resolved.toString();
    }

    record PortMapping(String published, String target) {
    }

    record Mount(String source, String target, boolean readOnly) {
    }

    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> map ? stringKeys(map) : Map.of();
    }

    private static List<?> list(Object value) {
        return value instanceof List<?> list ? list : List.of();
    }

    private static Map<String, Object> stringKeys(Map<?, ?> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((key, value) -> copy.put(String.valueOf(key), value));
        return copy;
    }
}
