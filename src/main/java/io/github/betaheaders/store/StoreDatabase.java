package io.github.betaheaders.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The store's access to its database: one connection per call, closed at its end; every statement bounded by the
 * query timeout; the tables checked (and created, when allowed) before the first call; every {@link SQLException}
 * turned into a {@link StoreException} that says what was being done, without the password.
 */
final class StoreDatabase {

    /** Work on one connection. */
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final DataSource dataSource;
    private final StoreTables tables;
    private final boolean createTables;
    private final int queryTimeoutSeconds;
    private volatile boolean tablesReady;
    private volatile Boolean isH2;

    StoreDatabase(DataSource dataSource, JdbcStoreOptions options) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.tables = new StoreTables(options.tablePrefix());
        this.createTables = options.createTables();
        this.queryTimeoutSeconds = (int) Math.min(Integer.MAX_VALUE, options.queryTimeout().getSeconds());
    }

    StoreTables tables() {
        return tables;
    }

    /** Runs {@code work} on a connection in auto-commit mode. */
    <T> T call(String what, Work<T> work) {
        ensureTables();
        return withConnection(what, work);
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    <T> T inTransaction(String what, Work<T> work) {
        ensureTables();
        return withConnection(what, connection -> {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection, e);
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        });
    }

    /** A statement bounded by the query timeout. */
    PreparedStatement prepare(Connection connection, String sql) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        statement.setQueryTimeout(queryTimeoutSeconds);
        return statement;
    }

    /** Whether {@code e} is a unique (or other integrity) constraint violation: SQLSTATE class 23. */
    static boolean isConstraintViolation(SQLException e) {
        return e.getSQLState() != null && e.getSQLState().startsWith("23");
    }

    private <T> T withConnection(String what, Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            boundLockWaits(connection);
            return work.run(connection);
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    /**
     * H2 does not end a statement waiting for a row lock at the query timeout, only at its own lock timeout: the store
     * sets that to the query timeout on its H2 connections. The other databases need nothing.
     */
    private void boundLockWaits(Connection connection) throws SQLException {
        Boolean h2 = isH2;
        if (h2 == null) {
            h2 = "H2".equals(connection.getMetaData().getDatabaseProductName());
            isH2 = h2;
        }
        if (h2) {
            try (Statement statement = connection.createStatement()) {
                statement.setQueryTimeout(queryTimeoutSeconds);
                statement.execute("SET LOCK_TIMEOUT " + queryTimeoutSeconds * 1000L);
            }
        }
    }

    private void ensureTables() {
        if (tablesReady) {
            return;
        }
        synchronized (this) {
            if (tablesReady) {
                return;
            }
            withConnection("checking the store's tables", connection -> {
                if (createTables) {
                    create(connection);
                }
                for (String table : tables.all()) {
                    check(connection, table);
                }
                return null;
            });
            tablesReady = true;
        }
    }

    private void create(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName();
        String binary = StoreTables.binaryType(product);
        if (binary == null) {
            throw new StoreException("the store cannot create its tables on " + product + ": create them with the"
                    + " README's DDL (" + StoreTables.DDL_RESOURCE + ") and set createTables=false");
        }
        List<String> statements = tables.statements(binary);
        for (int i = 0; i < statements.size(); i++) {
            try (Statement statement = connection.createStatement()) {
                statement.setQueryTimeout(queryTimeoutSeconds);
                statement.execute(statements.get(i));
            } catch (SQLException e) {
                // Another node may be creating the same table at the same moment: PostgreSQL then fails one of the
                // two IF NOT EXISTS with a duplicate type or key, after the other has committed the table.
                if (!exists(connection, tables.all().get(i))) {
                    throw e;
                }
            }
        }
    }

    private boolean exists(Connection connection, String table) {
        try {
            selectNothingFrom(connection, table);
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private void selectNothingFrom(Connection connection, String table) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(queryTimeoutSeconds);
            statement.executeQuery("SELECT * FROM " + table + " WHERE 1 = 0").close();
        }
    }

    private void check(Connection connection, String table) {
        try {
            selectNothingFrom(connection, table);
        } catch (SQLException e) {
            String hint = createTables ? "" : " (createTables=false: create it with the README's DDL, "
                    + StoreTables.DDL_RESOURCE + ")";
            throw failure("table " + table + " is missing or cannot be read" + hint, e);
        }
    }

    private static void rollbackQuietly(Connection connection, Exception failure) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    private StoreException failure(String what, SQLException e) {
        String message = what + " in the store's database " + name() + ": " + redact(describe(e));
        return keepsSecret(e) ? new StoreException(message, e) : new StoreException(message);
    }

    /**
     * The database as a message may name it: a {@link DriverManagerDataSource} shows its URL without the password; of
     * another data source (a pool's, whose {@code toString()} may show its settings) only the type is shown.
     */
    private String name() {
        return dataSource instanceof DriverManagerDataSource own ? own.toString()
                : "(a " + dataSource.getClass().getName() + ")";
    }

    private static String describe(SQLException e) {
        return (e.getSQLState() == null ? "" : "SQLSTATE " + e.getSQLState() + ", ") + e.getMessage();
    }

    private String redact(String text) {
        return dataSource instanceof DriverManagerDataSource own ? own.redact(text) : text;
    }

    /** Whether the cause chain can be kept: none of its messages would show the password. */
    private boolean keepsSecret(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String text = String.valueOf(t.getMessage());
            if (!text.equals(redact(text))) {
                return false;
            }
        }
        return true;
    }
}
