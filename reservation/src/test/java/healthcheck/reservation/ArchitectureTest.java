package healthcheck.reservation;

import healthcheck.testsupport.Architecture;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    @Test
    void theDomainDependsOnNoOtherPackageOfTheServiceAndOnNoWebOrMessagingFramework() {
        Architecture.assertDomainStandsAlone("healthcheck.reservation");
    }
}
