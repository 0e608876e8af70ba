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
 * @param rateLimit     how many requests one caller may send (web/PerCallerRateLimit)
 */
@ConfigurationProperties("healthcheck.gateway")
public record GatewayProperties(
        Map<String, URI> services,
        @DefaultValue("2s") Duration statusTimeout,
        @DefaultValue RateLimit rateLimit) {

    public GatewayProperties {
        services = services == null ? Map.of() : new LinkedHashMap<>(services);
    }

    /**
     * A token bucket per caller: {@code burst} requests at once, refilled at {@code perSecond}.
     *
     * @param enabled        off only where one caller legitimately stands in for a crowd (a load test)
     * @param perSecond      the sustained rate one caller may send
     * @param burst          how many requests one caller may send at once after a pause
     * @param trustedProxies how many proxies in front of the gateway append to X-Forwarded-For; 0 means the
     *                       header is ignored, since anyone can send it
     * @param maxCallers     how many callers' buckets are kept; the memory bound under a flood of new callers
     */
    public record RateLimit(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("20") long perSecond,
            @DefaultValue("40") long burst,
            @DefaultValue("0") int trustedProxies,
            @DefaultValue("100000") long maxCallers) {

        public RateLimit {
            if (perSecond < 1 || burst < 1 || trustedProxies < 0 || maxCallers < 1) {
                throw new IllegalArgumentException("healthcheck.gateway.rate-limit: per-second, burst and "
                        + "max-callers must be at least 1 and trusted-proxies at least 0");
            }
        }

        /** After this long without a request a caller's bucket is full again, as good as a new one. */
        public Duration refillTime() {
            return Duration.ofNanos(Math.ceilDiv(burst * 1_000_000_000L, perSecond));
        }
    }
}
