package healthcheck.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.springframework.context.ApplicationContext;
import org.springframework.data.relational.core.mapping.RelationalMappingContext;
import org.springframework.data.relational.core.mapping.RelationalPersistentEntity;
import org.springframework.data.relational.core.mapping.RelationalPersistentProperty;
import org.springframework.data.relational.core.sql.SqlIdentifier;

/**
 * What Hibernate's {@code ddl-auto: validate} did at every start, for the services on Spring Data JDBC, which checks
 * nothing before its first statement: every mapped table and column exists in the schema the service's own Flyway
 * migrations built. Run by each service's tests on the embedded database and again on PostgreSQL, so a field
 * renamed without a migration fails the build instead of the first booking that touches it.
 */
public final class MappedSchema {

    private MappedSchema() {
    }

    /** The running service's own mapping against its own database: what each service's test calls. */
    public static void assertMatchesDatabase(ApplicationContext service) {
        assertMatchesDatabase(service.getBean(RelationalMappingContext.class), service.getBean(DataSource.class));
    }

    /** Fails, naming every mapped table or column the connected schema lacks. */
    public static void assertMatchesDatabase(RelationalMappingContext mapping, DataSource dataSource) {
        Map<String, Set<String>> columns = columnsByTable(dataSource);
        List<String> missing = new ArrayList<>();
        assertThat(mapping.getPersistentEntities()).as("mapped entities").isNotEmpty();
        for (RelationalPersistentEntity<?> entity : mapping.getPersistentEntities()) {
            String table = name(entity.getTableName());
            Set<String> present = columns.get(table);
            if (present == null) {
                missing.add("table " + table + " (" + entity.getType().getSimpleName() + ")");
                continue;
            }
            for (RelationalPersistentProperty property : entity) {
                if (property.isEntity()) {
                    // a child collection: its table carries the back reference and, for a map or list, the key
                    RelationalPersistentEntity<?> child = mapping.getRequiredPersistentEntity(property.getActualType());
                    String childTable = name(child.getTableName());
                    require(columns, childTable, name(property.getReverseColumnName(entity)), property, missing);
                    if (property.isQualified()) {
                        require(columns, childTable, name(property.getKeyColumn()), property, missing);
                    }
                } else {
                    require(columns, table, name(property.getColumnName()), property, missing);
                }
            }
        }
        assertThat(missing).as("mapped but not in the migrated schema").isEmpty();
    }

    private static void require(Map<String, Set<String>> columns, String table, String column,
                                RelationalPersistentProperty property, List<String> missing) {
        if (!columns.getOrDefault(table, Set.of()).contains(column)) {
            missing.add("column " + table + "." + column + " (" + property.getOwner().getType().getSimpleName() + "."
                    + property.getName() + ")");
        }
    }

    private static String name(SqlIdentifier identifier) {
        return identifier.getReference().toLowerCase(Locale.ROOT);
    }

    /** The current schema's tables and their columns, lower-cased: H2 and HSQLDB report them in upper case. */
    private static Map<String, Set<String>> columnsByTable(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            DatabaseMetaData metaData = connection.getMetaData();
            Map<String, Set<String>> columns = new HashMap<>();
            try (ResultSet rows = metaData.getColumns(connection.getCatalog(), connection.getSchema(), "%", "%")) {
                while (rows.next()) {
                    columns.computeIfAbsent(rows.getString("TABLE_NAME").toLowerCase(Locale.ROOT), t -> new HashSet<>())
                            .add(rows.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
                }
            }
            return columns;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the schema's columns", e);
        }
    }
}
