package healthcheck.gateway.config;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.netty.handler.codec.http.DefaultHttpHeadersFactory;

import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.support.Netty4HeadersAdapter;
import org.springframework.web.server.ServerWebExchange;

/**
 * What a forward must not pass on, dropped in one pass over the headers: the hop-by-hop headers and any header the
 * {@code Connection} header names, both ways; on a request also {@code Forwarded} and every {@code X-Forwarded-*}
 * a caller wrote, since the gateway is the edge and nothing in front of it vouches for them. These are the rules of
 * Spring Cloud Gateway's {@code RemoveHopByHopHeadersFilter}, {@code RemoveForwardedHeadersFilter} and
 * {@code RemoveXForwardedHeadersFilter}, which {@link HeaderFilters} takes out: each of those copied every header of
 * every forward into a new map, three copies per booking (8 % of the gateway's CPU at a peak, JFR). The copy made
 * here is Netty's own header map, which the routing filter copies from without lower-casing every name again.
 */
final class StrippedHeaders implements HttpHeadersFilter, Ordered {

    /** Spring Cloud Gateway's list (RFC 9110 7.6.1, and the legacy ones it keeps), in any case. */
    private static final Set<String> HOP_BY_HOP = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);

    static {
        HOP_BY_HOP.addAll(List.of("connection", "keep-alive", "transfer-encoding", "te", "trailer",
                "proxy-authorization", "proxy-authenticate", "x-application-context", "upgrade"));
    }

    private static final String X_FORWARDED = "x-forwarded-";

    private final Type type;

    private StrippedHeaders(Type type) {
        this.type = type;
    }

    static StrippedHeaders ofRequests() {
        return new StrippedHeaders(Type.REQUEST);
    }

    static StrippedHeaders ofResponses() {
        return new StrippedHeaders(Type.RESPONSE);
    }

    @Override
    public boolean supports(Type candidate) {
        return candidate == type;
    }

    /** Before anything that adds headers to a forward, so nothing added by the gateway itself is dropped. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
        List<String> namedByConnection = input.containsHeader(HttpHeaders.CONNECTION) ? input.getConnection() : List.of();
        // the names and values were read by Netty's decoder or Reactor Netty's client, which validated them
        HttpHeaders kept = new HttpHeaders(new Netty4HeadersAdapter(
                DefaultHttpHeadersFactory.headersFactory().withValidation(false).newHeaders()));
        for (Map.Entry<String, List<String>> header : input.headerSet()) {
            String name = header.getKey();
            if (!dropped(name, namedByConnection)) {
                kept.addAll(name, header.getValue());
            }
        }
        return kept;
    }

    private boolean dropped(String name, List<String> namedByConnection) {
        if (HOP_BY_HOP.contains(name)) {
            return true;
        }
        for (String option : namedByConnection) {
            if (option.trim().equalsIgnoreCase(name)) {
                return true;
            }
        }
        return type == Type.REQUEST && (name.equalsIgnoreCase("forwarded")
                || name.regionMatches(true, 0, X_FORWARDED, 0, X_FORWARDED.length()));
    }
}
