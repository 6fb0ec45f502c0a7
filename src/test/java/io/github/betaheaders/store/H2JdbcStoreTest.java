package io.github.betaheaders.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;

/**
 * The store's contract on embedded H2 (in memory, one database for this class). The lock timeout is set far above the
 * query timeout, so that it is the query timeout that ends a blocked statement.
 */
class H2JdbcStoreTest extends JdbcStoreContract {

    private final String url = "jdbc:h2:mem:store_" + UUID.randomUUID().toString().substring(0, 8)
            + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=30000";

    @Override
    protected String jdbcUrl() {
        return url;
    }

    @Override
    protected String user() {
        return "sa";
    }

    @Override
    protected String password() {
        return "";
    }

    @Override
    protected Connection adminConnection() throws SQLException {
        return DriverManager.getConnection(url, "sa", "");
    }

    @Override
    protected int storeConnectionsOpen(Connection admin) throws SQLException {
        return count(admin, "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE SESSION_ID <> SESSION_ID()",
                null);
    }

    @AfterAll
    void shutDown() throws SQLException {
        try (Connection admin = adminConnection(); Statement statement = admin.createStatement()) {
            statement.execute("SHUTDOWN");
        }
    }
}
