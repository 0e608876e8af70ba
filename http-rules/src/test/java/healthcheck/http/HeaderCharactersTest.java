package healthcheck.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;

/** The firewalls' rules for header characters, kept: every string gets the answer Spring's own predicates give. */
class HeaderCharactersTest {

    @Test
    void aHeaderNameIsAllowedExactlyWhenBothFirewallsOwnRulesAllowIt() {
        for (String text : samples()) {
            boolean expected = StrictHttpFirewall.ALLOWED_HEADER_NAMES.test(text);
            assertThat(StrictServerWebExchangeFirewall.ALLOWED_HEADER_NAMES.test(text)).isEqualTo(expected);
            assertThat(HeaderCharacters.allowedInName(text)).as(describe(text)).isEqualTo(expected);
        }
    }

    @Test
    void aHeaderValueIsAllowedExactlyWhenBothFirewallsOwnRulesAllowIt() {
        for (String text : samples()) {
            boolean expected = StrictHttpFirewall.ALLOWED_HEADER_VALUES.test(text);
            assertThat(StrictServerWebExchangeFirewall.ALLOWED_HEADER_VALUES.test(text)).isEqualTo(expected);
            assertThat(HeaderCharacters.allowedInValue(text)).as(describe(text)).isEqualTo(expected);
        }
    }

    @Test
    void controlCharactersAndUnassignedCodePointsAreRefusedTabsOnlyInValuesAndNoValueAsWebFluxHasIt() {
        assertThat(HeaderCharacters.allowedInValue("Bearer abc.def")).isTrue();
        assertThat(HeaderCharacters.allowedInValue("a\tb")).isTrue();
        assertThat(HeaderCharacters.allowedInName("a\tb")).isFalse();
        for (String refused : List.of("a\u0000b", "a\rb", "a\nb", "a\u007fb", "a\u0085b", "a\u0378b", "\uDBBF\uDFFF")) {
            assertThat(HeaderCharacters.allowedInValue(refused)).as(describe(refused)).isFalse();
            assertThat(HeaderCharacters.allowedInName(refused)).as(describe(refused)).isFalse();
        }
        assertThat(HeaderCharacters.allowedInName(null)).isEqualTo(StrictServerWebExchangeFirewall.ALLOWED_HEADER_NAMES.test(null));
        assertThat(HeaderCharacters.allowedInValue(null)).isEqualTo(StrictServerWebExchangeFirewall.ALLOWED_HEADER_VALUES.test(null));
        // a lone surrogate is a code point of its own, assigned; a pair is one supplementary character
        assertThat(HeaderCharacters.allowedInValue("a\uD800b")).isTrue();
        assertThat(HeaderCharacters.allowedInValue("\uD83D\uDE00")).isTrue();
    }

    /** Every char alone and between ASCII, every C0 and C1 control, and random strings of ASCII, Latin-1 and beyond. */
    private static List<String> samples() {
        List<String> samples = new ArrayList<>();
        samples.add("");
        for (int c = 0; c <= Character.MAX_VALUE; c++) {
            samples.add(String.valueOf((char) c));
            samples.add("x" + (char) c + "y");
        }
        for (int codePoint : new int[] {0x1F600, 0xE0001, 0xE01EF, 0xF0000, 0x10FFFD, 0x10FFFF, 0x2FFFF, 0x30000}) {
            samples.add("a" + Character.toString(codePoint) + "b");
        }
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(1, 40);
            for (int j = 0; j < length; j++) {
                int pick = random.nextInt(10);
                int c = pick < 6 ? random.nextInt(0x20, 0x7f) : pick < 8 ? random.nextInt(0, 0x100)
                        : pick < 9 ? random.nextInt(0, 0x10000) : random.nextInt(0x10000, 0x110000);
                text.appendCodePoint(c);
            }
            samples.add(text.toString());
        }
        return samples;
    }

    private static String describe(String text) {
        StringBuilder codes = new StringBuilder();
        text.chars().forEach(c -> codes.append(String.format("\\u%04x", c)));
        return codes.toString();
    }
}
