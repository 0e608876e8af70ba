package healthcheck.gateway;

import java.security.Security;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class GatewayApplication {

    public static void main(String[] args) {
        // The JVM keeps a DNS answer for 30 s by default; the balancer looks the services' names up every 2 s to
        // find each container behind a compose name (config/EveryAddressOfEachName), so answers may be 1 s old
        // at most. Before anything resolves a name, and only where the operator has not set a policy of their own.
        if (Security.getProperty("networkaddress.cache.ttl") == null) {
            Security.setProperty("networkaddress.cache.ttl", "1");
        }
        SpringApplication.run(GatewayApplication.class, args);
    }
}
