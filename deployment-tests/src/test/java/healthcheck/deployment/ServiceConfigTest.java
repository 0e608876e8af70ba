package healthcheck.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The reader the deployment checks rely on reads what the services really run with. */
class ServiceConfigTest {

    @Test
    void localPortsAreEachServicesOwnAndContainersUse8080() {
        assertThat(ServiceConfig.of("schedule").port(List.of())).isEqualTo(8081);
        assertThat(ServiceConfig.of("gateway").port(List.of())).isEqualTo(8088);
        for (String service : ServiceConfig.SERVICES) {
            assertThat(ServiceConfig.of(service).containerPort()).as(service).isEqualTo(8080);
        }
    }

    @Test
    void postgresProfilePutsEachServiceInItsOwnSchema() {
        ServiceConfig reservation = ServiceConfig.of("reservation");
        assertThat(reservation.property("spring.datasource.url", List.of("postgres")))
                .isEqualTo("jdbc:postgresql://127.0.0.1:5432/healthcheck");
        assertThat(reservation.property("spring.flyway.schemas", List.of("postgres"))).isEqualTo("reservation");
        assertThat(reservation.property("spring.datasource.url", List.of())).startsWith("jdbc:h2:file:");
    }

    @Test
    void environmentVariablesAreThePlaceholdersTheServiceReads() {
        assertThat(ServiceConfig.of("reservation").environmentVariables())
                .contains("SCHEDULE_URL", "KAFKA_BOOTSTRAP_SERVERS", "PGHOST", "PGPASSWORD")
                .doesNotContain("RESERVATION_URL");
        assertThat(ServiceConfig.of("gateway").environmentVariables())
                .contains("RESERVATION_URL").doesNotContain("PGHOST");
    }

    @Test
    void theIssuerListensOnItsOwnPortLocallyAnd8080InAContainer() {
        // auth's own configuration once auth/ is in this tree, the security contract's stand-in until then
        ServiceConfig auth = ServiceConfig.of("auth");
        assertThat(auth.port(List.of())).isEqualTo(8089);
        assertThat(auth.containerPort()).isEqualTo(8080);
        assertThat(auth.environmentVariables()).contains("ISSUER_URI", "RESERVATION_CLIENT_SECRET", "WEB_CLIENT_SECRET");
    }

    @Test
    void thePlatformDefaultsAreReadOnlyWhereAServiceImportsThem() {
        assertThat(ServiceConfig.of("schedule").environmentVariables()).contains("KAFKA_BOOTSTRAP_SERVERS");
        assertThat(ServiceConfig.of("gateway").environmentVariables()).doesNotContain("KAFKA_BOOTSTRAP_SERVERS");
    }

    @Test
    void probePathsAreTheActuatorHealthGroups() {
        for (String service : ServiceConfig.SERVICES) {
            assertThat(ServiceConfig.of(service).livenessPath()).isEqualTo("/actuator/health/liveness");
            assertThat(ServiceConfig.of(service).readinessPath()).isEqualTo("/actuator/health/readiness");
        }
    }
}
