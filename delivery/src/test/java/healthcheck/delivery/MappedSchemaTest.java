package healthcheck.delivery;

import healthcheck.testsupport.MappedSchema;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/** What Hibernate's ddl-auto validate checked at every start, on the embedded database and on PostgreSQL. */
@DeliveryIntegrationTest
class MappedSchemaTest {

    @Test
    void everyMappedTableAndColumnIsInTheMigratedSchema(@Autowired ApplicationContext service) {
        MappedSchema.assertMatchesDatabase(service);
    }
}
