package healthcheck.schedule.persistence;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import healthcheck.schedule.IntegrationTest;
import healthcheck.testsupport.MappedSchema;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.RelationalMappingContext;

class MappedSchemaTest extends IntegrationTest {

    @Autowired
    DataSource dataSource;

    @Test
    void everyMappedTableAndColumnIsInTheMigratedSchema(@Autowired ApplicationContext service) {
        MappedSchema.assertMatchesDatabase(service);
    }

    // no @Table: the application's entity scan would map it too (it finds @Table classes in test code as well); the
    // derived table name is place_hold all the same
    record PlaceHold(@Id String holdId, int placeCounts) {
    }

    @Test
    void aFieldWithoutItsColumnIsNamed() {
        RelationalMappingContext misspelt = new RelationalMappingContext();
        misspelt.getRequiredPersistentEntity(PlaceHold.class);

        assertThatThrownBy(() -> MappedSchema.assertMatchesDatabase(misspelt, dataSource))
                .hasMessageContaining("place_hold.place_counts (PlaceHold.placeCounts)")
                .hasMessageNotContaining("hold_id");
    }
}
