package healthcheck.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/**
 * The gateway titles a problem with Spring's reason phrase for its status, a service with the refusal's own title:
 * a client must not be able to tell which of them refused.
 */
class SecurityRefusalTest {

    @Test
    void everyTitleIsTheReasonPhraseOfItsStatus() {
        for (SecurityRefusal refusal : SecurityRefusal.values()) {
            assertThat(refusal.title()).as(refusal.code())
                    .isEqualTo(HttpStatus.valueOf(refusal.status()).getReasonPhrase());
        }
    }

    @Test
    void onlyARefusalThatIsOursAsksTheCallerToComeBack() {
        for (SecurityRefusal refusal : SecurityRefusal.values()) {
            assertThat(refusal.retryAfterSeconds() > 0).as(refusal.code()).isEqualTo(refusal.status() >= 500);
        }
    }
}
