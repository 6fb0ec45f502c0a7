package io.github.betaheaders.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The store's contract on the machine's MariaDB (127.0.0.1:3306, database test, root without a password; .ci/run
 * starts it). The store logs in as a user of this class's own, with a password, so that the processlist tells its
 * connections apart and a refused login can show that the password stays out of the messages.
 */
class MariadbJdbcStoreIT extends JdbcStoreContract {

    private static final String URL = "jdbc:mariadb://127.0.0.1:3306/test";
    private static final String[] HOSTS = {"127.0.0.1", "localhost"};

    private final String user = "bh_store_" + UUID.randomUUID().toString().substring(0, 8);
    private final String password = "pw-" + UUID.randomUUID();

    @BeforeAll
    void createUser() throws SQLException {
        try (Connection admin = adminConnection(); Statement statement = admin.createStatement()) {
            for (String host : HOSTS) {
                statement.execute("CREATE USER '" + user + "'@'" + host + "' IDENTIFIED BY '" + password + "'");
                statement.execute("GRANT ALL PRIVILEGES ON test.* TO '" + user + "'@'" + host + "'");
            }
        }
    }

    @AfterAll
    void dropUser() throws SQLException {
        try (Connection admin = adminConnection(); Statement statement = admin.createStatement()) {
            for (String host : HOSTS) {
                statement.execute("DROP USER IF EXISTS '" + user + "'@'" + host + "'");
            }
        }
    }

    @Override
    protected String jdbcUrl() {
        return URL;
    }

    @Override
    protected String user() {
        return user;
    }

    @Override
    protected String password() {
        return password;
    }

    @Override
    protected Connection adminConnection() throws SQLException {
        return DriverManager.getConnection(URL, "root", "");
    }

    @Override
    protected int storeConnectionsOpen(Connection admin) throws SQLException {
        return count(admin, "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE USER = ?", user);
    }

    @Test
    void aRefusedLoginNamesTheDatabaseButNotThePassword() {
        String wrong = "wrong-" + UUID.randomUUID();
        DriverManagerDataSource refused = new DriverManagerDataSource(URL, user, wrong, Duration.ofSeconds(5),
                Duration.ofSeconds(30));
        JdbcStore store = new JdbcStore(refused, JdbcStoreOptions.defaults().withTablePrefix(randomPrefix()),
                Clock.systemUTC());
        StoreException e = assertThrows(StoreException.class, store::current);
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        assertTrue(e.getMessage().contains("Access denied"), e.getMessage());
        assertTrue(e.getMessage().contains(URL), e.getMessage());
        assertFalse(trace.toString().contains(wrong), trace.toString());
        assertFalse(refused.toString().contains(wrong), refused.toString());
    }
}
