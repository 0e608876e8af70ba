package healthcheck.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import healthcheck.testsupport.SettableTime;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;

class CheckedTokensTest {

    private static final Instant ISSUED = Instant.parse("2026-12-03T09:00:00Z");

    private final SettableTime time = new SettableTime(ISSUED);
    private final AtomicInteger fullChecks = new AtomicInteger();

    /** Stands for the full check: refuses "forged", and any token past its 5 minutes and the usual 60 s of skew. */
    private final JwtDecoder fullCheck = token -> {
        fullChecks.incrementAndGet();
        if (token.equals("forged") || time.instant().isAfter(ISSUED.plus(Duration.ofMinutes(6)))) {
            throw new BadJwtException("refused");
        }
        return Jwt.withTokenValue(token).header("alg", "RS256").subject("alice").issuedAt(ISSUED)
                .expiresAt(ISSUED.plus(Duration.ofMinutes(5))).build();
    };

    private final CheckedTokens tokens = new CheckedTokens(fullCheck, timeCheck(), time::nanos);

    private JwtTimestampValidator timeCheck() {
        JwtTimestampValidator validator = new JwtTimestampValidator();
        validator.setClock(time);
        return validator;
    }

    @Test
    void aTokenUsedAgainIsNotCheckedInFullAgain() {
        Jwt first = tokens.decode("alice's");
        time.later(Duration.ofSeconds(30));

        assertThat(tokens.decode("alice's")).isSameAs(first);
        assertThat(tokens.decode("alice's")).isSameAs(first);
        assertThat(fullChecks).hasValue(1);
        tokens.decode("bob's");
        assertThat(fullChecks).as("another token is checked on its own").hasValue(2);
    }

    @Test
    void aRefusedTokenIsRefusedEveryTimeAndNeverKept() {
        assertThatThrownBy(() -> tokens.decode("forged")).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> tokens.decode("forged")).isInstanceOf(BadJwtException.class);
        assertThat(fullChecks).hasValue(2);
    }

    @Test
    void aKeptTokenIsCheckedInFullAgainAfterAMinute() {
        tokens.decode("alice's");
        time.later(CheckedTokens.KEPT_FOR.plusSeconds(1));

        tokens.decode("alice's");
        assertThat(fullChecks).hasValue(2);
    }

    @Test
    void aKeptTokenPastItsExpiryIsRefused() {
        time.later(Duration.ofSeconds(5 * 60 + 50)); // checked 10 s before its 5 minutes and the 60 s of skew run out
        tokens.decode("alice's");
        time.later(Duration.ofSeconds(20)); // still kept, and past its time

        assertThatThrownBy(() -> tokens.decode("alice's")).isInstanceOf(BadJwtException.class);
    }
}
