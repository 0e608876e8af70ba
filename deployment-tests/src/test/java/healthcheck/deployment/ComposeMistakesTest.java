package healthcheck.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each check in {@link ComposeChecker} fails when it should: the real docker-compose.yml, broken in one place in
 * memory, must produce the problem that names that place. A mutation whose text is no longer in the file fails
 * too, so that a reworded compose file cannot leave a check silently untested.
 */
class ComposeMistakesTest {

    static Stream<Arguments> mistakes() {
        return Stream.of(
                mistake("a misspelt variable", "SCHEDULE_URL: http", "SCHEDULE_ULR: http",
                        "reservation: sets SCHEDULE_ULR, which it does not read"),
                mistake("a missing URL", "      SCHEDULE_URL: http://schedule:8080\n      # its own", "      # its own",
                        "reservation: SCHEDULE_URL is not set"),
                mistake("a URL on the wrong port", "SCHEDULE_URL: http://schedule:8080",
                        "SCHEDULE_URL: http://schedule:8081", "reservation: SCHEDULE_URL is http://schedule:8081"),
                mistake("a URL to the wrong service", "DELIVERY_URL: http://delivery:8080",
                        "DELIVERY_URL: http://customercenter:8080", "gateway: DELIVERY_URL is"),
                mistake("an image bin/images does not build", "/delivery:${IMAGE_TAG", "/deliveries:${IMAGE_TAG",
                        "delivery: image is"),
                mistake("a probe of liveness", "GET /actuator/health/readiness", "GET /actuator/health/liveness",
                        "schedule: healthcheck probes /actuator/health/liveness on port 8080"),
                mistake("a probe on the wrong port", "/dev/tcp/127.0.0.1/8080", "/dev/tcp/127.0.0.1/8081",
                        "gateway: healthcheck probes /actuator/health/readiness on port 8081"),
                mistake("a probe that is no HTTP request", "&& printf 'GET ", "&& printf 'HEAD ",
                        "customercenter: healthcheck makes no HTTP request"),
                mistake("a cold JVM given no grace", "    start_period: 150s\n", "",
                        "delivery: healthcheck has no start_period"),
                mistake("a wait for started, not healthy", "      kafka:\n        condition: service_healthy",
                        "      kafka:\n        condition: service_started",
                        "schedule: depends on kafka with condition service_started"),
                mistake("a wait written as a plain list", "    depends_on:\n      kafka:\n        condition: service_healthy\n"
                        + "      postgres:\n        condition: service_healthy\n\n  # Not gated",
                        "    depends_on: [kafka, postgres]\n\n  # Not gated",
                        "schedule: depends on postgres with condition service_started"),
                mistake("a dependency that never becomes healthy", "      test: [\"CMD\", \"pg_isready\"",
                        "      disable: true\n      test: [\"CMD\", \"pg_isready\"",
                        "reservation: depends on postgres, which has no healthcheck"),
                mistake("a service started before its database",
                        "      postgres:\n        condition: service_healthy\n\n  # Not gated", "\n  # Not gated",
                        "schedule: does not wait for postgres"),
                mistake("no restart policy", "  restart: unless-stopped\n  # A bound", "  # A bound",
                        "gateway: restart policy is null"),
                mistake("restart turned off", "    image: postgres:17\n    restart: unless-stopped",
                        "    image: postgres:17\n    restart: \"no\"", "postgres: restart policy is no"),
                mistake("no memory limit", "    mem_limit: 1g\n", "", "kafka: no memory limit"),
                mistake("a shared role", "PGUSER: reservation", "PGUSER: schedule", "reservation: PGUSER is schedule"),
                mistake("a password the role was not created with", "PGPASSWORD: ${DELIVERY_DB_PASSWORD:-delivery-dev}",
                        "PGPASSWORD: ${DELIVERY_DB_PASSWORD:-delivery}", "delivery: PGPASSWORD is"),
                mistake("another service's password variable", "PGPASSWORD: ${DELIVERY_DB_PASSWORD:-delivery-dev}",
                        "PGPASSWORD: ${SCHEDULE_DB_PASSWORD:-schedule-dev}",
                        "delivery: PGPASSWORD is ${SCHEDULE_DB_PASSWORD:-schedule-dev}, not taken from"),
                mistake("a password the init script never gets",
                        "      CUSTOMERCENTER_DB_PASSWORD: ${CUSTOMERCENTER_DB_PASSWORD:-customercenter-dev}\n", "",
                        "customercenter: postgres does not give the init script CUSTOMERCENTER_DB_PASSWORD"),
                mistake("the wrong database", "  PGDATABASE: healthcheck", "  PGDATABASE: postgres",
                        "schedule: PGDATABASE is postgres, but postgres creates healthcheck"),
                mistake("a published broker", "    image: apache/kafka:4.1.1\n",
                        "    image: apache/kafka:4.1.1\n    ports:\n      - 9092:9092\n", "kafka: publishes"),
                mistake("the gateway published on the wrong container port", "8088}:8080", "8088}:8081",
                        "gateway: publishes"),
                mistake("the profiles without postgres", "  SPRING_PROFILES_ACTIVE: container,postgres\n  KAFKA",
                        "  SPRING_PROFILES_ACTIVE: container\n  KAFKA", "schedule: profiles are container,"),
                mistake("a stop that cuts graceful shutdown short", "stop_grace_period: 60s", "stop_grace_period: 15s",
                        "reservation: stop_grace_period 15s is not longer than the 20s graceful shutdown phase"),
                mistake("a broker address nobody advertises", "KAFKA_BOOTSTRAP_SERVERS: kafka:9092",
                        "KAFKA_BOOTSTRAP_SERVERS: kafka:9093",
                        "delivery: KAFKA_BOOTSTRAP_SERVERS is kafka:9093, but kafka advertises"),
                mistake("topics kept in /tmp", "      KAFKA_LOG_DIRS: /var/lib/kafka/data\n", "",
                        "kafka: KAFKA_LOG_DIRS is not set"),
                mistake("topics lost with the container", "      - kafka-data:/var/lib/kafka/data\n", "",
                        "kafka: log directory /var/lib/kafka/data is not on a named volume"),
                mistake("another copy of the init script", "./kubernetes/base/postgres/init-schemas.sh:",
                        "./docker/init-schemas.sh:", "postgres: does not mount kubernetes/base/postgres/init-schemas.sh"),
                mistake("an init script the container may change", "init-schemas.sh:ro", "init-schemas.sh",
                        "postgres: does not mount kubernetes/base/postgres/init-schemas.sh read-only"),
                // the issuer (issue 9)
                mistake("the services without the issuer", "  ISSUER_URI: ${ISSUER_URI:-http://localhost:8089}\n"
                        + "  JWK_SET_URI", "  JWK_SET_URI", "schedule: ISSUER_URI is not set"),
                mistake("keys fetched from the issuer's public URL", "JWK_SET_URI: http://auth:8080/oauth2/jwks",
                        "JWK_SET_URI: http://localhost:8089/oauth2/jwks",
                        "delivery: JWK_SET_URI is http://localhost:8089/oauth2/jwks, expected"
                                + " http://auth:8080/oauth2/jwks"),
                mistake("reservation's token from the wrong path", "TOKEN_URI: http://auth:8080/oauth2/token",
                        "TOKEN_URI: http://auth:8080/token", "reservation: TOKEN_URI is http://auth:8080/token"),
                mistake("the gateway expecting another issuer", "      <<: *resource-server\n      # the same",
                        "      <<: *resource-server\n      ISSUER_URI: http://127.0.0.1:8089\n      # the same",
                        "gateway: ISSUER_URI is http://127.0.0.1:8089, but auth issues its tokens as"),
                mistake("an issuer on a port auth is not published on", "${AUTH_PORT:-8089}:8080",
                        "${AUTH_PORT:-8090}:8080", "auth: ISSUER_URI is ${ISSUER_URI:-http://localhost:8089}, but"
                                + " auth is reached from the host at localhost:8090"),
                mistake("auth published on the wrong container port", "8089}:8080", "8089}:8081", "auth: publishes"),
                mistake("reservation without its client secret",
                        "      RESERVATION_CLIENT_SECRET: ${RESERVATION_CLIENT_SECRET:-reservation-dev-secret}\n"
                                + "    depends_on", "    depends_on",
                        "reservation: RESERVATION_CLIENT_SECRET is not set"),
                mistake("reservation and auth disagreeing on the client secret",
                        "RESERVATION_CLIENT_SECRET: ${RESERVATION_CLIENT_SECRET:-reservation-dev-secret}\n"
                                + "    depends_on", "RESERVATION_CLIENT_SECRET: ${RESERVATION_CLIENT_SECRET:-other}\n"
                                + "    depends_on",
                        "reservation: RESERVATION_CLIENT_SECRET is ${RESERVATION_CLIENT_SECRET:-other}, but auth has"),
                mistake("a client secret written into the file", "WEB_CLIENT_SECRET: ${WEB_CLIENT_SECRET:-web-dev-secret}",
                        "WEB_CLIENT_SECRET: web-dev-secret", "auth: WEB_CLIENT_SECRET is written into the file"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void eachMistakeIsReported(String mistake, String from, String to, String expectedProblem) throws IOException {
        String original = Files.readString(ComposeModel.FILE);
        assertThat(original).as("the text this mutation breaks is no longer in docker-compose.yml").contains(from);
        int at = original.indexOf(from);
        String broken = original.substring(0, at) + to + original.substring(at + from.length());

        List<String> problems = ComposeChecker.check(ComposeModel.parse(broken));

        assertThat(problems).as(mistake).anySatisfy(problem -> assertThat(problem).startsWith(expectedProblem));
    }

    private static Arguments mistake(String mistake, String from, String to, String expectedProblem) {
        return Arguments.of(mistake, from, to, expectedProblem);
    }
}
