package healthcheck.testsupport;

import java.util.List;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Points every Spring test context at the {@link TestIssuer}: services under test validate {@link TestTokens} the
 * way they validate the real issuer's, and reservation fetches its client-credentials token from it.
 */
public final class TestIssuerContextCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass,
            List<ContextConfigurationAttributes> configAttributes) {
        return new PointAtTestIssuer();
    }

    /** Equal to every other instance, so it never splits Spring's context cache. */
    private static final class PointAtTestIssuer implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
            context.getEnvironment().getPropertySources()
                    .addFirst(new MapPropertySource("test-issuer", TestIssuer.get().springProperties()));
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof PointAtTestIssuer;
        }

        @Override
        public int hashCode() {
            return PointAtTestIssuer.class.hashCode();
        }
    }
}
