package healthcheck.customercenter;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import healthcheck.testsupport.MappedSchema;
import java.time.Instant;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.MappedCollection;
import org.springframework.data.relational.core.mapping.RelationalMappingContext;

/** What Hibernate's ddl-auto validate checked at every start, now that Spring Data JDBC checks nothing. */
class MappedSchemaTest extends IntegrationTestSupport {

    @Autowired
    DataSource dataSource;

    @Test
    void everyMappedTableAndColumnIsInTheMigratedSchema(@Autowired ApplicationContext service) {
        MappedSchema.assertMatchesDatabase(service);
    }

    // no @Table: the application's entity scan would map them too (it finds @Table classes in test code as well);
    // the derived table names are my_page and my_page_step all the same
    record MyPage(@Id Long reservationId,
                  @MappedCollection(idColumn = "reservation_id", keyColumn = "step_name") Map<String, MyPageStep> steps) {
    }

    record MyPageStep(Instant occurredAt) {
    }

    @Test
    void aStepMapKeyedByAColumnTheTableLacksIsNamed() {
        RelationalMappingContext misspelt = new RelationalMappingContext();
        misspelt.getRequiredPersistentEntity(MyPage.class);

        assertThatThrownBy(() -> MappedSchema.assertMatchesDatabase(misspelt, dataSource))
                .hasMessageContaining("my_page_step.step_name (MyPage.steps)")
                .hasMessageNotContaining("reservation_id")
                .hasMessageNotContaining("occurred_at");
    }
}
