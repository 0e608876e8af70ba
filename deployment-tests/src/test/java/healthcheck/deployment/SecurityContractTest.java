package healthcheck.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The deployments give every application the variables of the security contract ({@link SecurityContract}); these
 * hold the applications to reading them under exactly those names, once they read any of them.
 */
class SecurityContractTest {

    @Test
    void anApplicationThatReadsTheContractsVariablesReadsAllItsRequiredOnes() {
        for (String service : ServiceConfig.SERVICES) {
            ServiceConfig config = ServiceConfig.of(service);
            Set<String> reads = config.environmentVariables();
            Set<String> contract = new TreeSet<>(SecurityContract.required(service));
            contract.addAll(SecurityContract.optional(service));
            if (reads.stream().noneMatch(contract::contains)) {
                // the services on this branch predate the contract; the deployments already follow it
                System.out.println("note: " + service + " reads none of the security contract's variables yet");
                continue;
            }
            assertThat(reads).as("%s reads the contract's variables by their names", service)
                    .containsAll(SecurityContract.required(service));
        }
    }

    @Test
    void everyResourceServerIsToldTheIssuerAndItsKeysAndReservationAlsoWhereItsTokenComesFrom() {
        for (String service : ServiceConfig.SERVICES) {
            if (SecurityContract.isResourceServer(service)) {
                assertThat(SecurityContract.required(service)).as(service).contains("ISSUER_URI", "JWK_SET_URI");
            }
        }
        assertThat(SecurityContract.required("reservation")).contains("TOKEN_URI", "RESERVATION_CLIENT_SECRET");
        assertThat(SecurityContract.required("auth")).contains("ISSUER_URI").doesNotContain("JWK_SET_URI");
    }

    @Test
    void secretsAreRecognisedByTheirNames() {
        assertThat(Set.of("PGPASSWORD", "POSTGRES_PASSWORD", "RESERVATION_CLIENT_SECRET", "WEB_CLIENT_SECRET"))
                .allMatch(SecurityContract::isSecret);
        assertThat(Set.of("TOKEN_URI", "JWK_SET_URI", "AUTH_SIGNING_KEY_LOCATION", "PGUSER", "ISSUER_URI"))
                .noneMatch(SecurityContract::isSecret);
    }
}
