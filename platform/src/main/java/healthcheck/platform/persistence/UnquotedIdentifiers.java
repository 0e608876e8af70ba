package healthcheck.platform.persistence;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.data.relational.core.mapping.RelationalMappingContext;

/**
 * Makes Spring Data JDBC write table and column names unquoted, as the migrations create them. Quoted, a name
 * matches only in the database's own letter case: H2 and HSQLDB keep unquoted names in upper case, PostgreSQL in
 * lower case, so {@code @Table("place_hold")} found PostgreSQL's table and not H2's. Unquoted, the one lowercase
 * mapping works on every database a service runs on. No property switches it (spring-data-relational#768), and
 * the setting must be in place before the context maps its first entity: hence a post-processor, before
 * initialisation.
 */
public final class UnquotedIdentifiers implements BeanPostProcessor {

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof RelationalMappingContext mapping) {
            mapping.setForceQuote(false);
        }
        return bean;
    }
}
