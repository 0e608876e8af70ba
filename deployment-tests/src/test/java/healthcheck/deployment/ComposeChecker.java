package healthcheck.deployment;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What docker-compose.yml must agree on with the services' own configuration. Returns every disagreement as one
 * line naming the compose service, so a test can assert that the real file has none and that a broken copy has
 * exactly the expected one.
 */
final class ComposeChecker {

    /**
     * What is reachable from the host: the gateway, and the issuer, where people log in and fetch tokens. Everything
     * else talks over the compose network only.
     */
    static final Set<String> FRONT_DOORS = Set.of("gateway", SecurityContract.ISSUER);
    /** The host names by which the host reaches a published port. */
    private static final Set<String> HOST_NAMES = Set.of("localhost", "127.0.0.1");

    /** The single copy of the role-and-schema script, shared with Kubernetes. */
    static final String INIT_SCRIPT = "kubernetes/base/postgres/init-schemas.sh";

    private static final String INIT_DIRECTORY = "/docker-entrypoint-initdb.d/";
    /** PGDATA of the postgres:17 image. */
    private static final String POSTGRES_DATA = "/var/lib/postgresql/data";

    /** Read by Spring Boot and the JVM themselves, so they appear in no placeholder. */
    private static final Set<String> READ_BY_THE_PLATFORM = Set.of("SPRING_PROFILES_ACTIVE", "JDK_JAVA_OPTIONS");

    private static final Set<String> RESTART_POLICIES = Set.of("always", "unless-stopped", "on-failure");
    /** What Spring waits per shutdown phase when a service does not say. */
    private static final Duration SPRING_DEFAULT_PHASE = Duration.ofSeconds(30);
    /** What compose waits before SIGKILL when a service does not say. */
    private static final Duration COMPOSE_DEFAULT_GRACE = Duration.ofSeconds(10);

    private static final Pattern URL_VARIABLE = Pattern.compile("([A-Z]+)_URL");
    private static final Pattern TCP_PROBE = Pattern.compile("/dev/tcp/(?:127\\.0\\.0\\.1|localhost)/(\\d+)");
    private static final Pattern REQUEST_LINE = Pattern.compile("GET (/\\S*) HTTP/");
    private static final Pattern URL_PROBE = Pattern.compile("https?://(?:127\\.0\\.0\\.1|localhost):(\\d+)(/[^\\s'\"]*)");
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+)(ns|us|µs|ms|s|m|h|d)");

    private ComposeChecker() {
    }

    static List<String> check(ComposeModel compose) {
        List<String> problems = new ArrayList<>();
        for (String name : compose.services()) {
            checkContainer(compose, name, problems);
        }
        Set<String> databases = new LinkedHashSet<>();
        Set<String> brokers = new LinkedHashSet<>();
        for (String service : ServiceConfig.SERVICES) {
            if (!compose.has(service)) {
                problems.add(service + ": not in the compose file");
                continue;
            }
            ServiceConfig config = ServiceConfig.of(service);
            checkImageAndProbe(compose, config, problems);
            checkEnvironment(compose, config, problems);
            checkBroker(compose, config, problems, brokers);
            checkDatabase(compose, config, problems, databases);
            checkShutdown(compose, config, problems);
        }
        checkIssuer(compose, problems);
        for (String name : compose.services()) {
            checkSecrets(compose, name, problems);
        }
        brokers.forEach(broker -> checkBrokerStorage(compose, broker, problems));
        databases.forEach(database -> checkDatabaseContainer(compose, database, problems));
        return problems;
    }

    /** What every container needs, the infrastructure included. */
    private static void checkContainer(ComposeModel compose, String name, List<String> problems) {
        String restart = compose.text(name, "restart");
        if (restart == null || !RESTART_POLICIES.contains(restart.replaceFirst(":\\d+$", ""))) {
            problems.add(name + ": restart policy is " + restart + "; a container that exits would stay down");
        }
        if (compose.memoryLimit(name) == null) {
            problems.add(name + ": no memory limit (mem_limit or deploy.resources.limits.memory)");
        }
        if (compose.healthcheckCommand(name) == null) {
            problems.add(name + ": has no healthcheck");
        }
        if (!FRONT_DOORS.contains(name) && !compose.ports(name).isEmpty()) {
            problems.add(name + ": publishes " + compose.ports(name) + "; only " + String.join(" and ",
                    new TreeSet<>(FRONT_DOORS)) + " are meant to be reachable from the host");
        }
        compose.dependsOn(name).forEach((dependency, condition) -> {
            if (!compose.has(dependency)) {
                problems.add(name + ": depends on " + dependency + ", which is not a service");
            } else if (compose.healthcheckCommand(dependency) == null) {
                problems.add(name + ": depends on " + dependency + ", which has no healthcheck to become healthy by");
            }
            if (!condition.equals("service_healthy")) {
                problems.add(name + ": depends on " + dependency + " with condition " + condition
                        + ", not service_healthy");
            }
        });
    }

    private static void checkImageAndProbe(ComposeModel compose, ServiceConfig config, List<String> problems) {
        String service = config.name();
        String expectedImage = "${IMAGE_REPOSITORY:-healthcheck}/" + service + ":${IMAGE_TAG:-latest}";
        String image = compose.text(service, "image");
        if (!expectedImage.equals(image)) {
            problems.add(service + ": image is " + image + ", expected " + expectedImage);
        }
        String command = compose.healthcheckCommand(service);
        if (command != null) {
            Probe probe = Probe.of(command);
            if (probe == null) {
                problems.add(service + ": healthcheck makes no HTTP request to 127.0.0.1: " + command);
            } else if (probe.port() != config.containerPort() || !probe.path().equals(config.readinessPath())) {
                problems.add(service + ": healthcheck probes " + probe.path() + " on port " + probe.port()
                        + ", but readiness is " + config.readinessPath() + " on port " + config.containerPort());
            }
            if (compose.healthcheckSetting(service, "start_period") == null) {
                problems.add(service + ": healthcheck has no start_period; a cold JVM would count as failing");
            }
        }
        if (FRONT_DOORS.contains(service)) {
            List<ComposeModel.PortMapping> ports = compose.ports(service);
            if (ports.size() != 1 || ports.getFirst().published() == null
                    || !ports.getFirst().target().equals(String.valueOf(config.containerPort()))) {
                problems.add(service + ": publishes " + ports + ", expected one host port mapped to container port "
                        + config.containerPort());
            }
        }
    }

    private static void checkEnvironment(ComposeModel compose, ServiceConfig config, List<String> problems) {
        String service = config.name();
        Map<String, String> environment = compose.environment(service);
        Set<String> reads = SecurityContract.readable(config);
        environment.keySet().stream()
                .filter(variable -> !reads.contains(variable) && !READ_BY_THE_PLATFORM.contains(variable))
                .forEach(variable -> problems.add(service + ": sets " + variable + ", which it does not read"));
        SecurityContract.required(service).stream().filter(variable -> !environment.containsKey(variable))
                .forEach(variable -> problems.add(service + ": " + variable + " is not set, which the security"
                        + " contract requires"));

        String profiles = environment.get("SPRING_PROFILES_ACTIVE");
        if (profiles == null
                || !List.of(ComposeModel.withDefaults(profiles).split("\\s*,\\s*")).equals(ServiceConfig.CONTAINER_PROFILES)) {
            problems.add(service + ": profiles are " + profiles + ", expected " + ServiceConfig.CONTAINER_PROFILES);
        }

        for (String variable : reads) {
            Matcher url = URL_VARIABLE.matcher(variable);
            if (!url.matches() || !ServiceConfig.SERVICES.contains(url.group(1).toLowerCase())) {
                continue;
            }
            String target = url.group(1).toLowerCase();
            String expected = "http://" + target + ":" + ServiceConfig.of(target).containerPort();
            String value = environment.get(variable);
            if (value == null) {
                problems.add(service + ": " + variable + " is not set; it would call " + target + " on localhost");
            } else if (!ComposeModel.withDefaults(value).equals(expected)) {
                problems.add(service + ": " + variable + " is " + value + ", expected " + expected);
            }
        }
    }

    private static void checkBroker(ComposeModel compose, ServiceConfig config, List<String> problems,
            Set<String> brokers) {
        String service = config.name();
        if (!config.environmentVariables().contains("KAFKA_BOOTSTRAP_SERVERS")) {
            return;
        }
        String servers = compose.environment(service).get("KAFKA_BOOTSTRAP_SERVERS");
        if (servers == null) {
            problems.add(service + ": KAFKA_BOOTSTRAP_SERVERS is not set; it would look for a broker on 127.0.0.1");
            return;
        }
        for (String server : ComposeModel.withDefaults(servers).split(",")) {
            String host = server.substring(0, Math.max(0, server.lastIndexOf(':')));
            if (!compose.has(host)) {
                problems.add(service + ": KAFKA_BOOTSTRAP_SERVERS names " + server + ", which is not a service");
                continue;
            }
            brokers.add(host);
            String advertised = compose.environment(host).get("KAFKA_ADVERTISED_LISTENERS");
            if (advertised == null || !ComposeModel.withDefaults(advertised).contains("://" + server)) {
                problems.add(service + ": KAFKA_BOOTSTRAP_SERVERS is " + server + ", but " + host + " advertises "
                        + advertised);
            }
            if (!compose.dependsOn(service).containsKey(host)) {
                problems.add(service + ": does not wait for " + host);
            }
        }
    }

    private static void checkDatabase(ComposeModel compose, ServiceConfig config, List<String> problems,
            Set<String> databases) {
        String service = config.name();
        if (!config.environmentVariables().contains("PGUSER")) {
            return;
        }
        Map<String, String> environment = compose.environment(service);
        for (String variable : List.of("PGHOST", "PGDATABASE", "PGUSER", "PGPASSWORD")) {
            if (!environment.containsKey(variable)) {
                problems.add(service + ": " + variable + " is not set");
            }
        }
        String user = environment.get("PGUSER");
        if (user != null && !ComposeModel.withDefaults(user).equals(service)) {
            problems.add(service + ": PGUSER is " + user + "; the init script names each role after its service");
        }
        String host = environment.get("PGHOST");
        if (host == null) {
            return;
        }
        host = ComposeModel.withDefaults(host);
        if (!compose.has(host)) {
            problems.add(service + ": PGHOST is " + host + ", which is not a service");
            return;
        }
        databases.add(host);
        if (!compose.dependsOn(service).containsKey(host)) {
            problems.add(service + ": does not wait for " + host + ", and Flyway needs it before the service can start");
        }
        Map<String, String> database = compose.environment(host);
        String created = ComposeModel.withDefaults(database.getOrDefault("POSTGRES_DB", "postgres"));
        String used = environment.get("PGDATABASE");
        if (used != null && !ComposeModel.withDefaults(used).equals(created)) {
            problems.add(service + ": PGDATABASE is " + used + ", but " + host + " creates " + created);
        }
        String passwordVariable = service.toUpperCase() + "_DB_PASSWORD";
        String given = database.get(passwordVariable);
        String password = environment.get("PGPASSWORD");
        if (given == null) {
            problems.add(service + ": " + host + " does not give the init script " + passwordVariable);
        } else if (password != null && !password.equals(given)) {
            problems.add(service + ": PGPASSWORD is " + password + ", but " + host + " creates the role with "
                    + passwordVariable + " = " + given);
        }
        if (password != null && !password.matches("\\$\\{" + passwordVariable + "(:?-[^}]*)?}")) {
            problems.add(service + ": PGPASSWORD is " + password + ", not taken from " + passwordVariable);
        }
    }

    /**
     * One issuer for all: every service expects the `iss` auth writes, which is the URL the host reaches auth at (so
     * a token fetched with curl is accepted), while keys and reservation's token are fetched over the compose network.
     */
    private static void checkIssuer(ComposeModel compose, List<String> problems) {
        String issuerService = SecurityContract.ISSUER;
        if (!compose.has(issuerService)) {
            return;
        }
        String issuer = compose.environment(issuerService).get("ISSUER_URI");
        int port = ServiceConfig.of(issuerService).containerPort();
        if (issuer != null) {
            URI uri = uri(ComposeModel.withDefaults(issuer));
            List<ComposeModel.PortMapping> published = compose.ports(issuerService).stream()
                    .filter(mapping -> mapping.target().equals(String.valueOf(port))).toList();
            String hostPort = published.isEmpty() || published.getFirst().published() == null ? null
                    : published.getFirst().published().replaceFirst(".*:", "");
            if (uri == null || !HOST_NAMES.contains(uri.getHost())
                    || !String.valueOf(uri.getPort()).equals(hostPort)) {
                problems.add(issuerService + ": ISSUER_URI is " + issuer + ", but auth is reached from the host at"
                        + " localhost:" + hostPort + "; tokens fetched there would name an issuer nobody reaches");
            }
        }
        for (String service : ServiceConfig.SERVICES) {
            if (!compose.has(service)) {
                continue;
            }
            Map<String, String> environment = compose.environment(service);
            String expected = environment.get("ISSUER_URI");
            if (issuer != null && expected != null && !expected.equals(issuer)) {
                problems.add(service + ": ISSUER_URI is " + expected + ", but auth issues its tokens as " + issuer);
            }
            Map<String, String> internal = Map.of("JWK_SET_URI", SecurityContract.JWKS_PATH, "TOKEN_URI",
                    SecurityContract.TOKEN_PATH);
            internal.forEach((variable, path) -> {
                String value = environment.get(variable);
                String wanted = "http://" + issuerService + ":" + port + path;
                if (value != null && !ComposeModel.withDefaults(value).equals(wanted)) {
                    problems.add(service + ": " + variable + " is " + value + ", expected " + wanted);
                }
            });
        }
    }

    /**
     * A secret is never written into the file: it comes from the environment compose runs in, with at most a
     * development default, and a secret two services share is taken from the same variable in both.
     */
    private static void checkSecrets(ComposeModel compose, String service, List<String> problems) {
        Map<String, String> issuer = compose.environment(SecurityContract.ISSUER);
        compose.environment(service).forEach((variable, value) -> {
            if (!SecurityContract.isSecret(variable)) {
                return;
            }
            if (!value.matches("\\$\\{[A-Za-z_][A-Za-z0-9_]*(:?-[^}]*)?}")) {
                problems.add(service + ": " + variable + " is written into the file; take it from the environment"
                        + " (${" + variable + ":-<development default>})");
            }
            String shared = issuer.get(variable);
            if (!service.equals(SecurityContract.ISSUER) && shared != null && !shared.equals(value)) {
                problems.add(service + ": " + variable + " is " + value + ", but " + SecurityContract.ISSUER
                        + " has " + shared);
            }
        });
    }

    private static URI uri(String text) {
        try {
            URI uri = new URI(text);
            return uri.getHost() == null ? null : uri;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static void checkShutdown(ComposeModel compose, ServiceConfig config, List<String> problems) {
        String service = config.name();
        String phaseSetting = config.property("spring.lifecycle.timeout-per-shutdown-phase",
                ServiceConfig.CONTAINER_PROFILES);
        Duration phase = phaseSetting == null ? SPRING_DEFAULT_PHASE : duration(phaseSetting);
        String graceSetting = compose.text(service, "stop_grace_period");
        Duration grace = graceSetting == null ? COMPOSE_DEFAULT_GRACE : duration(graceSetting);
        if (grace.compareTo(phase) <= 0) {
            problems.add(service + ": stop_grace_period " + graceSetting + " is not longer than the " + phaseSetting
                    + " graceful shutdown phase; the service would be killed mid-shutdown");
        }
    }

    private static void checkBrokerStorage(ComposeModel compose, String broker, List<String> problems) {
        String logDirs = compose.environment(broker).get("KAFKA_LOG_DIRS");
        if (logDirs == null) {
            // with its configuration from the environment the image falls back to Kafka's own /tmp default
            problems.add(broker + ": KAFKA_LOG_DIRS is not set, so the topics live in /tmp");
            return;
        }
        for (String directory : ComposeModel.withDefaults(logDirs).split(",")) {
            if (!onNamedVolume(compose, broker, directory)) {
                problems.add(broker + ": log directory " + directory + " is not on a named volume");
            }
        }
    }

    private static void checkDatabaseContainer(ComposeModel compose, String database, List<String> problems) {
        if (!onNamedVolume(compose, database, POSTGRES_DATA)) {
            problems.add(database + ": " + POSTGRES_DATA + " is not on a named volume");
        }
        Path script = ServiceConfig.ROOT.resolve(INIT_SCRIPT).normalize();
        boolean mounted = compose.volumes(database).stream().anyMatch(mount -> mount.source() != null
                && mount.target().startsWith(INIT_DIRECTORY) && mount.readOnly()
                && ServiceConfig.ROOT.resolve(mount.source()).normalize().equals(script));
        if (!mounted) {
            problems.add(database + ": does not mount " + INIT_SCRIPT + " read-only into " + INIT_DIRECTORY);
        }
    }

    private static boolean onNamedVolume(ComposeModel compose, String service, String directory) {
        return compose.volumes(service).stream().anyMatch(mount -> mount.target().equals(directory)
                && mount.source() != null && compose.namedVolumes().contains(mount.source()));
    }

    /** Compose's and Spring's duration spellings: "1m30s", "20s", ISO-8601 "PT20S", and Spring's bare millis. */
    static Duration duration(String text) {
        String trimmed = text.trim();
        if (trimmed.startsWith("P") || trimmed.startsWith("p")) {
            return Duration.parse(trimmed);
        }
        if (trimmed.matches("\\d+")) {
            return Duration.ofMillis(Long.parseLong(trimmed));
        }
        if (!trimmed.matches("(" + DURATION_PART.pattern() + ")+")) {
            throw new IllegalArgumentException("not a duration: " + text);
        }
        Duration total = Duration.ZERO;
        Matcher part = DURATION_PART.matcher(trimmed);
        while (part.find()) {
            long amount = Long.parseLong(part.group(1));
            total = total.plus(switch (part.group(2)) {
                case "ns" -> Duration.ofNanos(amount);
                case "us", "µs" -> Duration.ofNanos(amount * 1_000);
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            });
        }
        return total;
    }

    /** The port and path an HTTP healthcheck asks, whether it speaks through bash's /dev/tcp or a URL tool. */
    record Probe(int port, String path) {

        static Probe of(String command) {
            Matcher tcp = TCP_PROBE.matcher(command);
            Matcher request = REQUEST_LINE.matcher(command);
            if (tcp.find() && request.find()) {
                return new Probe(Integer.parseInt(tcp.group(1)), request.group(1));
            }
            Matcher url = URL_PROBE.matcher(command);
            return url.find() ? new Probe(Integer.parseInt(url.group(1)), url.group(2)) : null;
        }
    }
}
