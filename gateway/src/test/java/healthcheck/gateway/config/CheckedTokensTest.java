package healthcheck.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import healthcheck.testsupport.SettableTime;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;

/** The WebFlux twin of platform's CheckedTokens, held to the same rules (platform's CheckedTokensTest has more). */
class CheckedTokensTest {

    private static final Instant ISSUED = Instant.parse("2026-12-03T09:00:00Z");

    private final SettableTime time = new SettableTime(ISSUED);
    private final AtomicInteger fullChecks = new AtomicInteger();
    private final CheckedTokens tokens;

    CheckedTokensTest() {
        JwtTimestampValidator timeCheck = new JwtTimestampValidator();
        timeCheck.setClock(time);
        tokens = new CheckedTokens(token -> Mono.fromCallable(() -> {
            fullChecks.incrementAndGet();
            if (token.equals("forged") || time.instant().isAfter(ISSUED.plus(Duration.ofMinutes(6)))) {
                throw new BadJwtException("refused");
            }
            return Jwt.withTokenValue(token).header("alg", "RS256").subject("alice").issuedAt(ISSUED)
                    .expiresAt(ISSUED.plus(Duration.ofMinutes(5))).build();
        }), timeCheck, time::nanos);
    }

    @Test
    void aTokenUsedAgainIsNotCheckedInFullAgainUntilAMinuteHasPassed() {
        Jwt first = tokens.decode("alice's").block();
        time.later(Duration.ofSeconds(30));
        assertThat(tokens.decode("alice's").block()).isSameAs(first);
        assertThat(fullChecks).hasValue(1);

        time.later(Duration.ofSeconds(31));
        tokens.decode("alice's").block();
        assertThat(fullChecks).hasValue(2);
    }

    @Test
    void aRefusedTokenIsNeverKept() {
        assertThatThrownBy(() -> tokens.decode("forged").block()).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> tokens.decode("forged").block()).isInstanceOf(BadJwtException.class);
        assertThat(fullChecks).hasValue(2);
    }

    @Test
    void aKeptTokenPastItsExpiryIsRefused() {
        time.later(Duration.ofSeconds(5 * 60 + 50));
        tokens.decode("alice's").block();
        time.later(Duration.ofSeconds(20)); // still kept, and past its time

        assertThatThrownBy(() -> tokens.decode("alice's").block()).isInstanceOf(BadJwtException.class);
    }
}
