package healthcheck.deployment;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Kubernetes API of one release, as its own Java client generates it from the release's OpenAPI document: one
 * model class per served apiVersion and kind, each able to validate an object against its schema (every field name
 * at every level, the required fields, and whether a field is an object, a list or a text; numbers are not told
 * apart from texts). An object whose apiVersion and kind the release does not serve has no model at all.
 *
 * <p>Written by hand because no schema bundle or validator (kubeconform, kubeval) is reachable from these machines;
 * the models come from Maven Central (deployment-tests' pom copies them), one class loader per release.
 */
final class KubernetesApiSchemas {

    private static final Gson GSON = new Gson();
    private static final Pattern CLIENT_VERSION = Pattern.compile("client-java-api-(\\d+)\\.\\d+\\.\\d+\\.jar");

    private final String kubernetesVersion;
    private final ClassLoader models;

    private KubernetesApiSchemas(String kubernetesVersion, ClassLoader models) {
        this.kubernetesVersion = kubernetesVersion;
        this.models = models;
    }

    /** Every release whose models the build copied, oldest first. */
    static List<KubernetesApiSchemas> releases() {
        Path directory = Path.of(System.getProperty("kubernetes.api.dir", "target/kubernetes-api"));
        try (Stream<Path> jars = Files.list(directory)) {
            List<KubernetesApiSchemas> releases = new ArrayList<>();
            for (Path jar : jars.filter(jar -> CLIENT_VERSION.matcher(jar.getFileName().toString()).matches())
                    .sorted().toList()) {
                Matcher client = CLIENT_VERSION.matcher(jar.getFileName().toString());
                client.matches();
                // client-java N is generated from Kubernetes 1.(N+8)
                String kubernetes = "1." + (Integer.parseInt(client.group(1)) + 8);
                releases.add(new KubernetesApiSchemas(kubernetes, new URLClassLoader(new URL[] {jar.toUri().toURL()},
                        KubernetesApiSchemas.class.getClassLoader())));
            }
            return releases;
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException("no Kubernetes API models in " + directory + " (run the build, which copies"
                    + " them)", e);
        }
    }

    String kubernetesVersion() {
        return kubernetesVersion;
    }

    /** What this release refuses in the objects, one line each naming the object; empty when it takes them all. */
    List<String> problems(List<Map<String, Object>> objects) {
        List<String> problems = new ArrayList<>();
        for (Map<String, Object> object : objects) {
            String problem = problem(object);
            if (problem != null) {
                problems.add(KubernetesManifests.id(object) + " (" + object.get("apiVersion") + "): " + problem);
            }
        }
        return problems;
    }

    private String problem(Map<String, Object> object) {
        Class<?> model;
        try {
            model = models.loadClass(modelName(String.valueOf(object.get("apiVersion")), KubernetesManifests.kind(object)));
        } catch (ClassNotFoundException e) {
            return "Kubernetes " + kubernetesVersion + " does not serve this apiVersion and kind";
        }
        try {
            model.getMethod("validateJsonElement", JsonElement.class).invoke(null, GSON.toJsonTree(object));
            return null;
        } catch (InvocationTargetException e) {
            return e.getCause().getMessage();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the models of Kubernetes " + kubernetesVersion + " cannot validate", e);
        }
    }

    /** apps/v1 Deployment is V1Deployment, autoscaling/v2 HorizontalPodAutoscaler V2HorizontalPodAutoscaler. */
    private static String modelName(String apiVersion, String kind) {
        String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
        return "io.kubernetes.client.openapi.models." + Character.toUpperCase(version.charAt(0)) + version.substring(1)
                + kind;
    }
}
