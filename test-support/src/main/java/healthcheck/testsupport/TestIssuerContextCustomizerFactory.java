package healthcheck.testsupport;

import java.util.List;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
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

        /** Spring's name for the properties of @DynamicPropertySource methods (DynamicValuesPropertySource). */
        private static final String DYNAMIC_TEST_PROPERTIES = "Dynamic Test Properties";

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
            MutablePropertySources sources = context.getEnvironment().getPropertySources();
            MapPropertySource issuer = new MapPropertySource("test-issuer", TestIssuer.get().springProperties());
            // above the application's own files, but below a test's @DynamicPropertySource: a test that points a
            // service at an issuer of its own (a silent one, say) must win over this default
            if (sources.contains(DYNAMIC_TEST_PROPERTIES)) {
                sources.addAfter(DYNAMIC_TEST_PROPERTIES, issuer);
            } else {
                sources.addFirst(issuer);
            }
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
