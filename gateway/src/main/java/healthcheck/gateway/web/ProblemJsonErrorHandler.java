package healthcheck.gateway.web;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import io.netty.channel.ConnectTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.NotFoundException;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;

/**
 * Renders failures of the gateway itself (no route, service unreachable, service too slow) as RFC 9457
 * problem+json, the same shape the services use, so a client handles one error format whoever failed.
 * Responses a service did give (its own 404, 409, 503, ...) are passed through untouched and never reach here.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class ProblemJsonErrorHandler implements ErrorWebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemJsonErrorHandler.class);

    /** Seconds a client should wait before trying again after the gateway could not reach a service. */
    static final String RETRY_AFTER_SECONDS = "2";

    private final JsonMapper jsonMapper;

    ProblemJsonErrorHandler(JsonMapper jsonMapper) {
        this.jsonMapper = jsonMapper;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable failure) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            // part of a service's answer is already on the wire; nothing honest can be added to it
            return Mono.error(failure);
        }
        String service = routeId(exchange);
        Map<String, Object> problem = describe(failure, service);
        problem.put("instance", exchange.getRequest().getPath().value());
        if (service != null) {
            problem.put("service", service);
        }
        int status = (Integer) problem.get("status");
        if (status >= 500) {
            log.warn("{} {} -> {}: {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(), status,
                    failure.toString());
        }

        response.setStatusCode(HttpStatusCode.valueOf(status));
        HttpHeaders headers = response.getHeaders();
        headers.clear();
        headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (failure instanceof ResponseStatusException rse) {
            // e.g. Allow on a 405, which a client needs to correct its request
            headers.addAll(rse.getHeaders());
        }
        if (status == HttpStatus.SERVICE_UNAVAILABLE.value()) {
            headers.set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        }
        byte[] body = jsonMapper.writeValueAsString(problem).getBytes(StandardCharsets.UTF_8);
        DataBuffer buffer = response.bufferFactory().wrap(body);
        return response.writeWith(Mono.just(buffer));
    }

    private static Map<String, Object> describe(Throwable failure, String service) {
        String target = service == null ? "The service" : "The " + service + " service";
        if (causedBy(failure, ConnectException.class) || causedBy(failure, ConnectTimeoutException.class)
                || causedBy(failure, UnknownHostException.class)) {
            return problem(HttpStatus.SERVICE_UNAVAILABLE, "SERVICE_UNREACHABLE", "Service unavailable",
                    target + " cannot be reached right now. Please try again shortly.");
        }
        // Closed or reset after the request went out (a service killed mid-request resets it: Netty reports
        // either a PrematureCloseException or the socket's own "connection reset"): the service failed, not us.
        if (causedBy(failure, IOException.class)) {
            return problem(HttpStatus.BAD_GATEWAY, "SERVICE_CONNECTION_LOST", "Bad gateway",
                    target + " closed the connection before answering. Please try again shortly.");
        }
        if (failure instanceof NotFoundException) {
            // the balancer has no ready instance of the service: as good as refused
            return problem(HttpStatus.SERVICE_UNAVAILABLE, "SERVICE_UNREACHABLE", "Service unavailable",
                    target + " cannot be reached right now. Please try again shortly.");
        }
        if (failure instanceof ResponseStatusException rse) {
            HttpStatusCode code = rse.getStatusCode();
            if (code.value() == HttpStatus.GATEWAY_TIMEOUT.value()) {
                return problem(HttpStatus.GATEWAY_TIMEOUT, "SERVICE_TIMEOUT", "Gateway timeout",
                        target + " did not answer in time. Please try again shortly.");
            }
            if (code.value() == HttpStatus.NOT_FOUND.value()) {
                // the same code as a service's own unknown path: not "the thing you asked for does not exist"
                return problem(HttpStatus.NOT_FOUND, "NO_SUCH_ENDPOINT", "Not found",
                        "No service answers this path. Known paths start with /schedules, /reservations, "
                                + "/deliveries, /myPages or /system/status.");
            }
            HttpStatus known = HttpStatus.resolve(code.value());
            String title = known != null ? known.getReasonPhrase() : "Error";
            return problem(code, known != null ? known.name() : "HTTP_" + code.value(), title,
                    rse.getReason() != null ? rse.getReason() : title);
        }
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "INTERNAL_ERROR", "Internal server error",
                "The gateway failed to handle the request.");
    }

    private static Map<String, Object> problem(HttpStatusCode status, String code, String title, String detail) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", title);
        problem.put("status", status.value());
        problem.put("detail", detail);
        problem.put("code", code);
        return problem;
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String routeId(ServerWebExchange exchange) {
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        if (route == null) {
            return null;
        }
        // a service with more than one route (the keyed POSTs) names itself in the route's metadata
        return route.getMetadata().get("service") instanceof String service ? service : route.getId();
    }
}
