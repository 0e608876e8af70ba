package healthcheck.reservation;

import healthcheck.testsupport.Architecture;
import healthcheck.testsupport.Logging;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    @Test
    void theDomainDependsOnNoOtherPackageOfTheServiceAndOnNoWebOrMessagingFramework() {
        Architecture.assertDomainStandsAlone("healthcheck.reservation");
    }

    @Test
    void aDebugMessageIsNotRenderedWhileDebugIsOff() {
        // Spring Security logs LogMessage.format(...) at debug on every request
        Logging.assertDebugMessagesAreNotRenderedWhileDebugIsOff();
    }
}
