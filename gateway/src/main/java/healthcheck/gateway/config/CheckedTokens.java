package healthcheck.gateway.config;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * Each token checked in full once, and its time on every use: platform's CheckedTokens for WebFlux (the gateway
 * does not take platform), with the same rules. The signature check and the parse were a tenth of the gateway's
 * CPU at the peak in JFR, on tokens that come back with every request of their caller. Only a token that passed
 * every check is kept, by its exact text; {@code exp} and {@code nbf} are checked on every use; after
 * {@link #KEPT_FOR} it is checked in full again.
 */
final class CheckedTokens implements ReactiveJwtDecoder {

    static final Duration KEPT_FOR = Duration.ofSeconds(60);
    static final int AT_MOST = 2_000;

    private final ReactiveJwtDecoder checker;
    private final OAuth2TokenValidator<Jwt> stillInTime;
    private final Cache<String, Jwt> checked;

    CheckedTokens(ReactiveJwtDecoder checker) {
        this(checker, new JwtTimestampValidator(), Ticker.systemTicker());
    }

    CheckedTokens(ReactiveJwtDecoder checker, OAuth2TokenValidator<Jwt> stillInTime, Ticker ticker) {
        this.checker = checker;
        this.stillInTime = stillInTime;
        this.checked = Caffeine.newBuilder().maximumSize(AT_MOST).expireAfterWrite(KEPT_FOR).ticker(ticker).build();
    }

    @Override
    public Mono<Jwt> decode(String token) {
        Jwt known = checked.getIfPresent(token);
        if (known != null && !stillInTime.validate(known).hasErrors()) {
            return Mono.just(known);
        }
        return checker.decode(token).doOnNext(jwt -> checked.put(token, jwt));
    }
}
