package healthcheck.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.util.StringUtils;

/**
 * The form of a bearer token, kept: every header gets the answer Spring Security's resolver gives (no token, the
 * token, or "malformed"), both read off its expression and asked of the resolver itself.
 */
class BearerTokensTest {

    /** Spring Security's own, as its resolvers compile it. */
    private static final Pattern SPRING = Pattern.compile("^Bearer (?<token>[a-zA-Z0-9-._~+/]+=*)$",
            Pattern.CASE_INSENSITIVE);

    @Test
    void everyHeaderGetsTheAnswerOfSpringSecuritysExpression() {
        for (String header : samples()) {
            String expected = null;
            boolean claims = StringUtils.startsWithIgnoreCase(header, "bearer");
            if (claims) {
                Matcher matcher = SPRING.matcher(header);
                expected = matcher.matches() ? matcher.group("token") : null;
            }
            assertThat(BearerTokens.claimsBearer(header)).as(header).isEqualTo(claims);
            if (claims) {
                assertThat(BearerTokens.tokenOf(header)).as(header).isEqualTo(expected);
            }
        }
    }

    @Test
    void everyHeaderGetsTheAnswerOfSpringSecuritysResolver() {
        DefaultBearerTokenResolver spring = new DefaultBearerTokenResolver();
        for (String header : samples().subList(0, 5_000)) {
            MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
            if (header != null) {
                request.addHeader("Authorization", header);
            }
            String answer;
            try {
                answer = "token " + spring.resolve(request);
            } catch (OAuth2AuthenticationException e) {
                answer = "refused";
            }
            String ours = !BearerTokens.claimsBearer(header) ? "token null"
                    : BearerTokens.tokenOf(header) == null ? "refused" : "token " + BearerTokens.tokenOf(header);
            assertThat(ours).as(header).isEqualTo(answer);
        }
    }

    @Test
    void aTokenIsTheB64TokenAfterTheSchemeInAnyCaseAndOneSpace() {
        assertThat(BearerTokens.tokenOf("Bearer abc.DEF-_~+/9==")).isEqualTo("abc.DEF-_~+/9==");
        assertThat(BearerTokens.tokenOf("bEaReR x")).isEqualTo("x");
        for (String malformed : List.of("Bearer", "Bearer ", "Bearer  x", "Bearer x y", "Bearer =", "Bearer a=b",
                "Bearer x\n", "Bearerx", "Bearer\tx", "Bearer x,", "Bearer x\u00e9")) {
            assertThat(BearerTokens.tokenOf(malformed)).as(malformed).isNull();
        }
        assertThat(BearerTokens.claimsBearer("Basic dXNlcjpwYXNz")).isFalse();
        assertThat(BearerTokens.claimsBearer(null)).isFalse();
    }

    private static List<String> samples() {
        List<String> samples = new ArrayList<>();
        samples.add(null);
        String alphabet = "aZ09-._~+/= \t,;:\"\u00e9\u212a\u017f\u0130\u0131Bb\nEeAaRr";
        String[] prefixes = {"Bearer ", "bearer ", "BEARER ", "Bearer", "Bearer  ", "bearer\t", "Basic ", "",
                "B\u212aarer ", "Bear\u0280r ", "Bearer\u00a0", "bearerx"};
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 30_000; i++) {
            StringBuilder header = new StringBuilder(prefixes[random.nextInt(prefixes.length)]);
            int length = random.nextInt(0, 12);
            for (int j = 0; j < length; j++) {
                header.append(random.nextInt(4) == 0 ? alphabet.charAt(random.nextInt(alphabet.length()))
                        : "abcXYZ019-._~+/".charAt(random.nextInt(15)));
            }
            if (random.nextInt(5) == 0) {
                header.append("=".repeat(random.nextInt(1, 3)));
            }
            samples.add(header.toString());
        }
        // real tokens: three base64url parts
        samples.add("Bearer eyJraWQiOiJLV0UxbTRlSmRhTWt0TFpmRTItd19XeUVyeGtzZ0NiZ01WbHpHVldCZWtVIiwiYWxnIjoiUlMyNTYifQ"
                + ".eyJzdWIiOiJhZG1pbiJ9.B3Oncl8X9a4ROU2oL6EXBjMBaC-FMv0o4MsxMTQtaildHBny282fGzlwo9I6AO8X66li");
        return samples;
    }
}
