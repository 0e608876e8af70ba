package healthcheck.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The JDK leaves a signed jar's classes out of an AOT cache ("Skipping ...: Signed JAR"), so each start loads them
 * from the jar and verifies its signature again: Bouncy Castle, which Spring Cloud's starter brings only for its
 * {cipher} properties and looks for at every start, cost a restarting reservation 5-6 % of its main thread.
 */
class SignedJarsTest {

    private static final Pattern SIGNATURE = Pattern.compile("META-INF/[^/]+\\.(SF|RSA|DSA|EC)");
    @ParameterizedTest(name = "{0}")
    @FieldSource("healthcheck.deployment.ServiceConfig#SERVICES")
    void aServiceJarShipsNoSignedLibrary(String service) throws IOException {
        Path jar = ImageRehearsal.jar(service);
        if (!Files.isRegularFile(jar)) {
            AbsentToolPolicy.skipOrFail(jar + " is not built (mvnw package builds it)");
        }
        List<String> signed = new ArrayList<>();
        try (ZipFile boot = new ZipFile(jar.toFile())) {
            for (ZipEntry library : boot.stream().filter(e -> e.getName().matches("BOOT-INF/lib/.+\\.jar")).toList()) {
                try (InputStream in = boot.getInputStream(library)) {
                    if (isSigned(in)) {
                        signed.add(library.getName());
                    }
                }
            }
        }
        assertThat(signed).as("signed libraries in %s, whose classes no AOT cache can hold", jar).isEmpty();
    }

    private static boolean isSigned(InputStream library) throws IOException {
        try (ZipInputStream entries = new ZipInputStream(library)) {
            for (ZipEntry entry; (entry = entries.getNextEntry()) != null; ) {
                if (SIGNATURE.matcher(entry.getName()).matches()) {
                    return true;
                }
            }
        }
        return false;
    }
}
