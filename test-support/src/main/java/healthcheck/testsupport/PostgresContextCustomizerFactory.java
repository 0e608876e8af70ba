package healthcheck.testsupport;

import java.util.List;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * In a PostgreSQL run, gives every Spring Boot test context a fresh schema on the test server. Its properties go
 * first in the environment, ahead of the test profile's in-memory database and any test's own datasource URL.
 */
public final class PostgresContextCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass,
            List<ContextConfigurationAttributes> configAttributes) {
        if (!PostgresTestDatabase.requested()
                || !MergedAnnotations.from(testClass, SearchStrategy.TYPE_HIERARCHY).isPresent(SpringBootTest.class)) {
            return null;
        }
        return new OwnSchema();
    }

    /** Equal to every other instance, so it never splits Spring's context cache: one schema per cached context. */
    private static final class OwnSchema implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
            PostgresTestDatabase database = new PostgresTestDatabase();
            String schema = database.createSchema();
            context.getEnvironment().getPropertySources()
                    .addFirst(new MapPropertySource("postgres-test-schema", database.springProperties(schema)));
            // registered before any bean, so destroyed after all of them: the pool and the consumers are closed
            // by the time the schema goes
            ((DefaultListableBeanFactory) context.getBeanFactory())
                    .registerDisposableBean("postgresTestSchema", () -> database.dropSchema(schema));
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof OwnSchema;
        }

        @Override
        public int hashCode() {
            return OwnSchema.class.hashCode();
        }
    }
}
