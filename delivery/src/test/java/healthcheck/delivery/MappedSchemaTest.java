package healthcheck.delivery;

import healthcheck.testsupport.MappedSchema;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.jdbc.core.mapping.JdbcMappingContext;

/** What Hibernate's ddl-auto validate checked at every start, on the embedded database and on PostgreSQL. */
@DeliveryIntegrationTest
class MappedSchemaTest {

    @Autowired
    JdbcMappingContext mapping;

    @Autowired
    DataSource dataSource;

    @Test
    void everyMappedTableAndColumnIsInTheMigratedSchema() {
        MappedSchema.assertMatchesDatabase(mapping, dataSource);
    }
}
