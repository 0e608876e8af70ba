package healthcheck.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * kubernetes/base/postgres/init-schemas.sh, the script docker compose and Kubernetes both run on PostgreSQL's first
 * start, run for real against a local server (PGHOST, PGPORT, PGUSER, PGPASSWORD; 127.0.0.1:5432 as postgres by
 * default) in a scratch database of its own. The roles it creates are cluster-wide and named after the services, so
 * the test runs only where none of them exists yet (it would reset their passwords), and drops them afterwards.
 */
class PostgresInitScriptTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(1);
    private static final String HOST = setting("PGHOST", "127.0.0.1");
    private static final String PORT = setting("PGPORT", "5432");
    private static final String SUPERUSER = setting("PGUSER", "postgres");

    /** The services with a database of their own: those that read PGUSER. */
    private static final List<String> DATABASE_SERVICES = ServiceConfig.SERVICES.stream()
            .filter(service -> ServiceConfig.of(service).environmentVariables().contains("PGUSER")).toList();

    private String database;
    private Map<String, String> passwords;

    @BeforeAll
    static void needsPsqlAndASuperuserOnAServerWithoutTheServicesRoles() {
        HostCommand.Result version = HostCommand.run(List.of("psql", "--version"), Map.of(), TIMEOUT);
        if (!version.succeeded()) {
            AbsentToolPolicy.skipOrFail("psql is not installed (" + version.describe() + ")");
        }
        HostCommand.Result superuser = psqlAsSuperuser("postgres",
                "SELECT rolsuper FROM pg_roles WHERE rolname = current_user");
        if (!superuser.succeeded() || !superuser.stdout().strip().equals("t")) {
            AbsentToolPolicy.skipOrFail("no PostgreSQL superuser " + SUPERUSER + " at " + HOST + ":" + PORT + " ("
                    + superuser.describe() + ")");
        }
        Set<String> existing = existingServiceRoles();
        if (!existing.isEmpty()) {
            AbsentToolPolicy.skipOrFail("roles " + existing + " already exist on " + HOST + ":" + PORT
                    + "; running the script would reset their passwords");
        }
    }

    @BeforeEach
    void scratchDatabase() {
        database = "healthcheck_init_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        assertSucceeded(psqlAsSuperuser("postgres", "CREATE DATABASE " + database));
        passwords = new LinkedHashMap<>();
        for (String service : DATABASE_SERVICES) {
            // every character SQL or the shell could misread: quotes, backslash, semicolon, colon, dollar, spaces
            passwords.put(service, service + " it's \"quoted\"; \\ :x $HOME `id` " + random());
        }
    }

    @AfterEach
    void dropEverythingTheScriptCreated() {
        assertSucceeded(psqlAsSuperuser("postgres", "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)"));
        // none existed before this class ran, so every one left now is this test's
        for (String role : existingServiceRoles()) {
            assertSucceeded(psqlAsSuperuser("postgres", "DROP ROLE \"" + role + "\""));
        }
    }

    @Test
    void createsALoginRolePerServiceWithItsPasswordOwningTheSchemaOfItsName() {
        assertSucceeded(runScript(passwords));

        for (String service : DATABASE_SERVICES) {
            assertThat(superuserQuery("SELECT rolcanlogin, rolsuper, rolcreatedb, rolcreaterole FROM pg_roles"
                    + " WHERE rolname = '" + service + "'")).as(service).isEqualTo("t|f|f|f");
            assertThat(superuserQuery("SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = '"
                    + service + "'")).as("owner of schema " + service).isEqualTo(service);
            assertThat(storedPasswordMatches(service, passwords.get(service))).as("password of " + service).isTrue();
            assertThat(storedPasswordMatches(service, "wrong")).isFalse();
            assertThat(asService(service, "SELECT current_user").stdout().strip()).isEqualTo(service);
        }
    }

    @Test
    void aServiceCanNeitherCreateNorReadTablesInAnotherServicesSchema() {
        assertSucceeded(runScript(passwords));
        assertSucceeded(asService("reservation", "CREATE TABLE reservation.booking (id int)"));

        HostCommand.Result create = asService("schedule", "CREATE TABLE reservation.intruder (id int)");
        HostCommand.Result read = asService("schedule", "SELECT * FROM reservation.booking");

        assertThat(create.succeeded()).isFalse();
        assertThat(create.stderr()).contains("permission denied for schema reservation");
        assertThat(read.succeeded()).isFalse();
        assertThat(read.stderr()).contains("permission denied for schema reservation");
        assertSucceeded(asService("schedule", "CREATE TABLE schedule.own (id int)"));
    }

    @Test
    void runningItAgainKeepsTheDataAndAppliesAChangedPassword() {
        assertSucceeded(runScript(passwords));
        assertSucceeded(asService("delivery", "CREATE TABLE delivery.mailing (id int); INSERT INTO delivery.mailing"
                + " VALUES (1)"));
        Map<String, String> changed = new LinkedHashMap<>(passwords);
        changed.put("delivery", "rotated " + random());

        assertSucceeded(runScript(changed));

        assertThat(storedPasswordMatches("delivery", changed.get("delivery"))).isTrue();
        assertThat(storedPasswordMatches("delivery", passwords.get("delivery"))).isFalse();
        assertThat(asService("delivery", "SELECT count(*) FROM delivery.mailing").stdout().strip()).isEqualTo("1");
    }

    @Test
    void refusesToStartWithoutEveryPasswordAndCreatesNothing() {
        Map<String, String> incomplete = new LinkedHashMap<>(passwords);
        String last = DATABASE_SERVICES.getLast();
        incomplete.put(last, "");

        HostCommand.Result result = runScript(incomplete);

        assertThat(result.succeeded()).isFalse();
        assertThat(result.stderr()).contains(last.toUpperCase() + "_DB_PASSWORD is not set");
        assertThat(existingServiceRoles()).isEmpty();
    }

    private HostCommand.Result runScript(Map<String, String> servicePasswords) {
        Map<String, String> environment = new HashMap<>();
        environment.put("PGHOST", HOST);
        environment.put("PGPORT", PORT);
        environment.put("POSTGRES_USER", SUPERUSER);
        environment.put("POSTGRES_DB", database);
        servicePasswords.forEach((service, password) -> environment.put(service.toUpperCase() + "_DB_PASSWORD",
                password));
        return HostCommand.run(List.of("bash", KubernetesManifestChecker.INIT_SCRIPT.toString()), environment,
                TIMEOUT);
    }

    private HostCommand.Result asService(String service, String sql) {
        return HostCommand.run(psql(service, database, sql), Map.of("PGPASSWORD", passwords.get(service)), TIMEOUT);
    }

    private String superuserQuery(String sql) {
        HostCommand.Result result = psqlAsSuperuser(database, sql);
        assertSucceeded(result);
        return result.stdout().strip();
    }

    private static HostCommand.Result psqlAsSuperuser(String database, String sql) {
        return HostCommand.run(psql(SUPERUSER, database, sql), Map.of(), TIMEOUT);
    }

    private static List<String> psql(String user, String database, String sql) {
        return List.of("psql", "--no-psqlrc", "--no-align", "--tuples-only", "--set", "ON_ERROR_STOP=1", "--host",
                HOST, "--port", PORT, "--username", user, "--dbname", database, "--command", sql);
    }

    private static Set<String> existingServiceRoles() {
        String names = DATABASE_SERVICES.stream().map(service -> "'" + service + "'").collect(Collectors.joining(","));
        HostCommand.Result result = psqlAsSuperuser("postgres", "SELECT rolname FROM pg_roles WHERE rolname IN ("
                + names + ")");
        assertSucceeded(result);
        return result.stdout().lines().map(String::strip).filter(line -> !line.isEmpty())
                .collect(Collectors.toSet());
    }

    /**
     * Whether the role's stored SCRAM-SHA-256 verifier was made from this password. Checked on the verifier itself,
     * because a local server may well trust every connection and so accept any password at login.
     */
    private boolean storedPasswordMatches(String role, String password) {
        String verifier = superuserQuery("SELECT rolpassword FROM pg_authid WHERE rolname = '" + role + "'");
        // SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>
        String[] parts = verifier.split("[$:]");
        assertThat(parts).as("verifier of " + role).hasSize(5).startsWith("SCRAM-SHA-256");
        try {
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, Integer.parseInt(parts[1]), 256);
            byte[] salted = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            byte[] storedKey = MessageDigest.getInstance("SHA-256").digest(hmac(salted, "Client Key"));
            byte[] serverKey = hmac(salted, "Server Key");
            return MessageDigest.isEqual(storedKey, Base64.getDecoder().decode(parts[3]))
                    && MessageDigest.isEqual(serverKey, Base64.getDecoder().decode(parts[4]));
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] hmac(byte[] key, String message) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertSucceeded(HostCommand.Result result) {
        assertThat(result.succeeded()).as(result.describe()).isTrue();
    }

    private static String random() {
        return HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    }

    private static String setting(String variable, String otherwise) {
        String value = System.getenv(variable);
        return value == null || value.isBlank() ? otherwise : value;
    }
}
