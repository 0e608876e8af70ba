package healthcheck.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The checks see one meaning whichever of compose's spellings the file uses for it. */
class ComposeSpellingsTest {

    @Test
    void environmentAsAListReadsLikeAMap() {
        ComposeModel compose = ComposeModel.parse("""
                services:
                  listed: {environment: ["A=1", "B=x=y", "C"]}
                  mapped: {environment: {A: 1, B: "x=y", C: null}}
                """);
        assertThat(compose.environment("listed")).isEqualTo(Map.of("A", "1", "B", "x=y", "C", ""))
                .isEqualTo(compose.environment("mapped"));
    }

    @Test
    void portsLongAndShortNameTheSameContainerPort() {
        ComposeModel compose = ComposeModel.parse("""
                services:
                  short: {ports: ["127.0.0.1:${P:-8088}:8080/tcp"]}
                  long: {ports: [{target: 8080, published: "8088"}]}
                """);
        assertThat(compose.ports("short")).containsExactly(new ComposeModel.PortMapping("127.0.0.1:8088", "8080"));
        assertThat(compose.ports("long")).containsExactly(new ComposeModel.PortMapping("8088", "8080"));
    }

    @Test
    void dependsOnAsAListMeansStartedNotHealthy() {
        ComposeModel compose = ComposeModel.parse("services: {a: {depends_on: [b]}, b: {}}");
        assertThat(compose.dependsOn("a")).isEqualTo(Map.of("b", "service_started"));
    }

    @Test
    void interpolationFollowsComposeRulesForEmptyAndUnsetVariables() {
        Map<String, String> empty = Map.of("V", "");
        assertThat(ComposeModel.interpolate("${V:-d}", empty)).isEqualTo("d");
        assertThat(ComposeModel.interpolate("${V-d}", empty)).isEmpty();
        assertThat(ComposeModel.interpolate("${U-d}/$U/${U}", empty)).isEqualTo("d//");
        assertThat(ComposeModel.interpolate("${V:+set}${U+set}", Map.of("V", "x", "U", ""))).isEqualTo("setset");
        assertThat(ComposeModel.interpolate("$$status", empty)).isEqualTo("$status");
        assertThatThrownBy(() -> ComposeModel.interpolate("${V:?needed}", empty)).hasMessageContaining("needed");
    }

    @Test
    void durationsInComposeAndSpringSpellings() {
        assertThat(ComposeChecker.duration("1m30s")).hasSeconds(90);
        assertThat(ComposeChecker.duration("20s")).hasSeconds(20);
        assertThat(ComposeChecker.duration("PT20S")).hasSeconds(20);
        assertThat(ComposeChecker.duration("1500")).hasMillis(1500);
    }
}
