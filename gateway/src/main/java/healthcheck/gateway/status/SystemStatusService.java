package healthcheck.gateway.status;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

import healthcheck.gateway.config.GatewayProperties;
import io.netty.channel.ChannelOption;
import io.netty.handler.timeout.ReadTimeoutException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import io.netty.resolver.DefaultAddressResolverGroup;
import reactor.netty.http.client.HttpClient;

import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.stereotype.Service;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;

/** Asks every service's readiness probe at the same time, so one slow service costs at most the timeout. */
@Service
class SystemStatusService {

    private static final String READINESS_PATH = "/actuator/health/readiness";
    // a health group of its own (platform's defaults) that shows the count without a token; other details need one
    private static final String DEAD_LETTERS_PATH = "/actuator/health/dead-letters";

    private final GatewayProperties properties;
    private final WebClient webClient;
    private final Clock clock;

    SystemStatusService(GatewayProperties properties) {
        this.properties = properties;
        this.clock = Clock.systemUTC();
        int connectMillis = (int) Math.min(Integer.MAX_VALUE, properties.statusTimeout().toMillis());
        // its own client: the proxy's pool and timeouts are tuned for traffic, not for probing
        HttpClient httpClient = HttpClient.create()
                // The JVM's resolver, whose answers live 1 s (GatewayApplication), instead of Netty's, which keeps
                // one for the record's TTL (Docker's DNS: 600 s) and went on asking a replaced container.
                .resolver(DefaultAddressResolverGroup.INSTANCE)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectMillis)
                .responseTimeout(properties.statusTimeout());
        this.webClient = WebClient.builder().clientConnector(new ReactorClientHttpConnector(httpClient)).build();
    }

    Mono<SystemStatus> check() {
        return Flux.fromIterable(properties.services().entrySet())
                .flatMap(service -> probe(service.getValue())
                        .zipWith(deadLetters(service.getValue()).map(Optional::of).defaultIfEmpty(Optional.empty()),
                                (status, count) -> status.withDeadLetters(count.orElse(null)))
                        .map(status -> Map.entry(service.getKey(), status)))
                .collectMap(Map.Entry::getKey, Map.Entry::getValue)
                .map(results -> {
                    // keep the configured order rather than the order the answers arrived in
                    Map<String, SystemStatus.ServiceStatus> ordered = new LinkedHashMap<>();
                    properties.services().keySet().forEach(name -> ordered.put(name, results.get(name)));
                    return new SystemStatus(SystemStatus.overall(ordered.values()), clock.instant(),
                            SystemStatus.deadLetters(ordered.values()), ordered);
                });
    }

    private Mono<SystemStatus.ServiceStatus> probe(URI baseUrl) {
        String url = baseUrl.toString();
        URI readiness = URI.create(url.replaceAll("/+$", "") + READINESS_PATH);
        return Mono.defer(() -> {
            long started = System.nanoTime();
            // a readiness probe answers 503 with a body when not ready, so every status code is read, not raised
            return webClient.get().uri(readiness).accept(MediaType.APPLICATION_JSON)
                    .exchangeToMono(response -> response.bodyToMono(Map.class)
                            .map(body -> body.get("status") instanceof String s ? s : null)
                            .defaultIfEmpty("")
                            .onErrorReturn("")
                            .map(reported -> {
                                int code = response.statusCode().value();
                                String status = !reported.isEmpty() ? reported
                                        : response.statusCode().is2xxSuccessful() ? "UP" : "DOWN";
                                if (!response.statusCode().is2xxSuccessful() && "UP".equals(status)) {
                                    status = "DOWN";
                                }
                                String error = "UP".equals(status) ? null : "readiness answered " + code;
                                return new SystemStatus.ServiceStatus(status, elapsed(started), code, error, null);
                            }))
                    .timeout(properties.statusTimeout())
                    .onErrorResume(failure -> Mono.just(new SystemStatus.ServiceStatus(
                            "DOWN", elapsed(started), null, describe(failure), null)));
        });
    }

    /**
     * The count in the service's {@code dead-letters} health group (platform's DeadLetterCount), asked at the same
     * time as its readiness; empty when the service has no such component or cannot be asked. Never part of the
     * verdict.
     */
    private Mono<Long> deadLetters(URI baseUrl) {
        URI health = URI.create(baseUrl.toString().replaceAll("/+$", "") + DEAD_LETTERS_PATH);
        return webClient.get().uri(health).accept(MediaType.APPLICATION_JSON)
                .exchangeToMono(response -> response.statusCode().is2xxSuccessful()
                        ? response.bodyToMono(Map.class) : Mono.empty())
                .flatMap(body -> body.get("components") instanceof Map<?, ?> components
                        && components.get("deadLetters") instanceof Map<?, ?> component
                        && component.get("details") instanceof Map<?, ?> details
                        && details.get("count") instanceof Number count ? Mono.just(count.longValue()) : Mono.empty())
                .timeout(properties.statusTimeout())
                .onErrorResume(failure -> Mono.empty());
    }

    private static long elapsed(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos).toMillis();
    }

    private String describe(Throwable failure) {
        Throwable cause = failure instanceof WebClientRequestException && failure.getCause() != null
                ? failure.getCause() : failure;
        // a fixed phrase, never the exception's text: /system/status is public, and that text names hosts and ports
        if (cause instanceof TimeoutException || cause instanceof ReadTimeoutException) {
            return "no answer within " + properties.statusTimeout().toMillis() + " ms";
        }
        return cause instanceof java.net.ConnectException ? "refused the connection" : "could not be asked";
    }
}
