package healthcheck.gateway.config;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The base URL of every service behind the gateway. The routes read the same keys, so a service is moved by
 * changing one setting (its *_URL environment variable).
 *
 * @param services      service name to base URL, in the order /system/status lists them
 * @param statusTimeout how long /system/status waits for one service's readiness before calling it DOWN
 */
@ConfigurationProperties("healthcheck.gateway")
public record GatewayProperties(
        Map<String, URI> services,
        @DefaultValue("2s") Duration statusTimeout) {

    public GatewayProperties {
        services = services == null ? Map.of() : new LinkedHashMap<>(services);
    }
}
