package io.github.betaheaders.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;

/**
 * The store's contract on the machine's PostgreSQL (127.0.0.1:5432, database test, user postgres, trust auth; .ci/run
 * starts it). The store's connections carry an application name of this class's own, which pg_stat_activity shows.
 */
class PostgresqlJdbcStoreIT extends JdbcStoreContract {

    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/test";

    private final String applicationName = "bh-store-it-" + UUID.randomUUID().toString().substring(0, 8);

    @Override
    protected String jdbcUrl() {
        return SERVER + "?ApplicationName=" + applicationName;
    }

    @Override
    protected String user() {
        return "postgres";
    }

    @Override
    protected String password() {
        return null;
    }

    @Override
    protected Connection adminConnection() throws SQLException {
        return DriverManager.getConnection(SERVER + "?ApplicationName=" + applicationName + "-admin", "postgres", "");
    }

    @Override
    protected int storeConnectionsOpen(Connection admin) throws SQLException {
        return count(admin, "SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = ?", applicationName);
    }
}
