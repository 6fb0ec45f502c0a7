package io.github.betaheaders.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class StoreTablesTest {

    @Test
    void theReadmeShowsTheDdlThatTheStoreRunsOnPostgresql() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        String ddl = StoreTables.ddl(JdbcStoreOptions.DEFAULT_TABLE_PREFIX, StoreTables.binaryType("PostgreSQL"));
        assertTrue(readme.contains("```sql\n" + ddl + "```\n"), "README.md does not show the store's DDL:\n" + ddl);
    }

    @Test
    void eachTableHasOneStatementUnderThePrefix() {
        StoreTables tables = new StoreTables("p_");
        var statements = tables.statements("BLOB");
        assertEquals(tables.all().size(), statements.size());
        for (int i = 0; i < statements.size(); i++) {
            assertTrue(statements.get(i).startsWith("CREATE TABLE IF NOT EXISTS " + tables.all().get(i) + " ("),
                    statements.get(i));
        }
    }

    @Test
    void theBinaryTypeFollowsTheDatabase() {
        assertEquals("BYTEA", StoreTables.binaryType("PostgreSQL"));
        assertEquals("LONGBLOB", StoreTables.binaryType("MariaDB"));
        assertEquals("LONGBLOB", StoreTables.binaryType("MySQL"));
        assertEquals("BLOB", StoreTables.binaryType("H2"));
        assertNull(StoreTables.binaryType("Oracle"));
    }
}
