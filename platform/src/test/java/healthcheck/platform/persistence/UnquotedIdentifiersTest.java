package healthcheck.platform.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Column;
import org.springframework.data.relational.core.mapping.RelationalMappingContext;
import org.springframework.data.relational.core.mapping.RelationalPersistentEntity;
import org.springframework.data.relational.core.mapping.Table;
import org.springframework.data.relational.core.sql.IdentifierProcessing;

class UnquotedIdentifiersTest {

    // H2's processing: quotes with ", folds to upper case
    private static final IdentifierProcessing H2 = IdentifierProcessing.create(IdentifierProcessing.Quoting.ANSI,
            IdentifierProcessing.LetterCasing.UPPER_CASE);

    @Table("place_hold")
    record Mapped(@Id String holdId, @Column("place_count") int count) {
    }

    @Test
    void mappedNamesReachTheDatabaseUnquotedSoItsOwnLetterCaseApplies() {
        RelationalMappingContext mapping = new RelationalMappingContext();
        new UnquotedIdentifiers().postProcessBeforeInitialization(mapping, "jdbcMappingContext");

        RelationalPersistentEntity<?> entity = mapping.getRequiredPersistentEntity(Mapped.class);

        assertThat(entity.getTableName().toSql(H2)).isEqualTo("place_hold");
        assertThat(entity.getRequiredPersistentProperty("count").getColumnName().toSql(H2)).isEqualTo("place_count");
        assertThat(entity.getIdColumn().toSql(H2)).isEqualTo("HOLD_ID");
    }

    @Test
    void leftAloneSpringDataQuotesThemAsWrittenWhichH2sUpperCaseTablesDoNotMatch() {
        RelationalMappingContext mapping = new RelationalMappingContext();

        assertThat(mapping.getRequiredPersistentEntity(Mapped.class).getTableName().toSql(H2))
                .isEqualTo("\"place_hold\"");
    }

    @Test
    void otherBeansPassThroughUntouched() {
        Object bean = new Object();

        assertThat(new UnquotedIdentifiers().postProcessBeforeInitialization(bean, "other")).isSameAs(bean);
    }
}
