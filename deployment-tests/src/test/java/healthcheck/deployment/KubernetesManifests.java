package healthcheck.deployment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.Yaml;

/**
 * The objects of one kustomize build, as plain (mutable) maps and lists, with the few look-ups the checks need.
 * Mutable on purpose: the checker's own tests break one thing in a real build and expect it to be noticed.
 */
final class KubernetesManifests {

    private final List<Map<String, Object>> objects;

    private KubernetesManifests(List<Map<String, Object>> objects) {
        this.objects = objects;
    }

    static KubernetesManifests parse(String yaml) {
        List<Map<String, Object>> objects = new ArrayList<>();
        for (Object document : new Yaml().loadAll(yaml)) {
            if (document instanceof Map<?, ?> map) {
                objects.add(stringKeys(map));
            }
        }
        return new KubernetesManifests(objects);
    }

    List<Map<String, Object>> objects() {
        return objects;
    }

    List<Map<String, Object>> ofKind(String kind) {
        return objects.stream().filter(object -> kind.equals(kind(object))).toList();
    }

    Optional<Map<String, Object>> find(String kind, String name) {
        return objects.stream().filter(object -> kind.equals(kind(object)) && name.equals(name(object))).findFirst();
    }

    /** The object, for a test that is about to change it; fails when the build has no such object. */
    Map<String, Object> get(String kind, String name) {
        return find(kind, name).orElseThrow(() -> new AssertionError("the build has no " + kind + "/" + name));
    }

    void remove(String kind, String name) {
        objects.remove(get(kind, name));
    }

    static String kind(Map<String, Object> object) {
        return text(object, "kind");
    }

    static String name(Map<String, Object> object) {
        return text(object, "metadata", "name");
    }

    static String id(Map<String, Object> object) {
        return kind(object) + "/" + name(object);
    }

    /** The node at a path of map keys (String) and list indexes (Integer), or null where the path ends early. */
    static Object at(Object node, Object... path) {
        Object current = node;
        for (Object step : path) {
            if (step instanceof String key && current instanceof Map<?, ?> map) {
                current = map.get(key);
            } else if (step instanceof Integer index && current instanceof List<?> list && index < list.size()) {
                current = list.get(index);
            } else {
                return null;
            }
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object node, Object... path) {
        return at(node, path) instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object node, Object... path) {
        return at(node, path) instanceof List<?> list ? (List<Object>) list : List.of();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> maps(Object node, Object... path) {
        return list(node, path).stream().filter(Map.class::isInstance).map(item -> (Map<String, Object>) item)
                .toList();
    }

    /** A scalar as text (YAML may have made it a number or a boolean), or null. */
    static String text(Object node, Object... path) {
        Object value = at(node, path);
        return value == null || value instanceof Map || value instanceof List ? null : String.valueOf(value);
    }

    static Integer integer(Object node, Object... path) {
        String value = text(node, path);
        return value != null && value.matches("-?\\d+") ? Integer.valueOf(value) : null;
    }

    static boolean isTrue(Object node, Object... path) {
        return "true".equals(text(node, path));
    }

    private static Map<String, Object> stringKeys(Map<?, ?> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((key, value) -> copy.put(String.valueOf(key), value));
        return copy;
    }
}
