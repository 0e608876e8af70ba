package healthcheck.platform.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;

/**
 * Each token checked in full once, and its time on every use. Spring Security verifies a token's signature and
 * parses its claims on every request, and the same token comes back again and again: a customer's on each of their
 * requests, reservation's own on every hold it asks schedule for. That was 6-8 % of reservation's and schedule's
 * CPU at the peak in JFR (the RSA verification, the JSON parse, the claim conversion). Spring Security has no such
 * cache, hence this one, on Caffeine.
 *
 * <p>Only a token that passed every check (signature, issuer, audience, time) is kept, by its exact text: a token
 * changed in any byte is another token and is checked in full, and a refused one is never kept. {@code exp} and
 * {@code nbf} are checked again on every use, so an expired token is refused as before. A kept token is checked
 * in full again after {@link #KEPT_FOR}, which bounds how long a key the issuer withdrew is still honoured to that
 * on top of the JWKS cache's own few minutes.
 */
final class CheckedTokens implements JwtDecoder {

    static final Duration KEPT_FOR = Duration.ofSeconds(60);
    /** A rush's customers many times over, at ~2 KB a token: a few MB at most. */
    static final int AT_MOST = 2_000;

    private final JwtDecoder checker;
    private final OAuth2TokenValidator<Jwt> stillInTime;
    private final Cache<String, Jwt> checked;

    CheckedTokens(JwtDecoder checker) {
        this(checker, new JwtTimestampValidator(), Ticker.systemTicker());
    }

    CheckedTokens(JwtDecoder checker, OAuth2TokenValidator<Jwt> stillInTime, Ticker ticker) {
        this.checker = checker;
        this.stillInTime = stillInTime;
        this.checked = Caffeine.newBuilder().maximumSize(AT_MOST).expireAfterWrite(KEPT_FOR).ticker(ticker).build();
    }

    @Override
    public Jwt decode(String token) {
        Jwt known = checked.getIfPresent(token);
        if (known != null && !stillInTime.validate(known).hasErrors()) {
            return known;
        }
        // a kept token past its time goes through the full check again, which refuses it with its usual error
        Jwt jwt = checker.decode(token);
        checked.put(token, jwt);
        return jwt;
    }
}
