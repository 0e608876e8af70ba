package healthcheck.platform.security;

import healthcheck.http.SecurityRefusal;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import tools.jackson.databind.json.JsonMapper;

import static healthcheck.http.SecurityRefusal.FORBIDDEN;
import static healthcheck.http.SecurityRefusal.ISSUER_UNAVAILABLE;
import static healthcheck.http.SecurityRefusal.REQUEST_REJECTED;
import static healthcheck.http.SecurityRefusal.UNAUTHENTICATED;

/**
 * The filter chain's refusals in the same problem+json shape and with a {@code code} like every other refusal.
 * Spring Security's bearer-token handlers still write the RFC 6750 {@code WWW-Authenticate} header; the body says
 * what to do, never why a token failed in detail (that is in the header's error, for the client's developer).
 */
final class ProblemResponses implements AuthenticationEntryPoint, AccessDeniedHandler, AuthenticationFailureHandler,
        RequestRejectedHandler {

    private final BearerTokenAuthenticationEntryPoint bearerEntryPoint = new BearerTokenAuthenticationEntryPoint();
    private final BearerTokenAccessDeniedHandler bearerDenied = new BearerTokenAccessDeniedHandler();
    private final JsonMapper json = JsonMapper.builder().build();

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response,
            AuthenticationException exception) throws IOException {
        bearerEntryPoint.commence(request, response, exception);
        write(response, UNAUTHENTICATED, request);
    }

    /**
     * A bearer token that failed: the caller's fault (401) unless it could not be checked at all because the
     * issuer's keys could not be fetched (AuthenticationServiceException), which is ours and passes: 503, come back.
     * Spring would let that one escape the filter chain as a 500.
     */
    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
            AuthenticationException exception) throws IOException {
        if (exception instanceof AuthenticationServiceException) {
            write(response, ISSUER_UNAVAILABLE, request);
            return;
        }
        commence(request, response, exception);
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response,
            AccessDeniedException exception) throws IOException {
        bearerDenied.handle(request, response, exception);
        write(response, FORBIDDEN, request);
    }

    /**
     * The firewall's refusal (a control character in a header read, an encoded slash or a double slash in the URL,
     * a method nobody serves), which Spring answers with an empty 400. The detail names no value: it came from the
     * caller and may be anything.
     */
    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException exception)
            throws IOException {
        write(response, REQUEST_REJECTED, request);
    }

    private void write(HttpServletResponse response, SecurityRefusal refusal, HttpServletRequest request)
            throws IOException {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", refusal.title());
        problem.put("status", refusal.status());
        problem.put("detail", refusal.detail());
        problem.put("instance", request.getRequestURI());
        problem.put("code", refusal.code());
        if (refusal.retryAfterSeconds() > 0) {
            response.setHeader("Retry-After", Integer.toString(refusal.retryAfterSeconds()));
        }
        response.setStatus(refusal.status());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream().write(json.writeValueAsBytes(problem));
    }
}
