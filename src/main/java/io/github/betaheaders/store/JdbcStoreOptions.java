package io.github.betaheaders.store;

import io.github.betaheaders.core.StoreTablePrefix;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link JdbcStore} uses its database.
 *
 * @param tablePrefix  put in front of each table's name: lower-case ASCII letters, digits and {@code _}, starting with
 *                     a letter or {@code _}, at most {@value #MAX_PREFIX_LENGTH} characters
 * @param createTables whether the store creates its tables on first use when they are missing; when {@code false},
 *                     they must exist (created by a DBA with {@link StoreTables#ddl(String, String)})
 * @param queryTimeout the bound of each statement (JDBC query timeout), whole seconds, at least one
 */
public record JdbcStoreOptions(String tablePrefix, boolean createTables, Duration queryTimeout) {

    public static final String DEFAULT_TABLE_PREFIX = StoreTablePrefix.DEFAULT;
    public static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofSeconds(5);
    public static final int MAX_PREFIX_LENGTH = StoreTablePrefix.MAX_LENGTH;

    public JdbcStoreOptions {
        Objects.requireNonNull(tablePrefix, "tablePrefix");
        Objects.requireNonNull(queryTimeout, "queryTimeout");
        if (!StoreTablePrefix.isValid(tablePrefix)) {
            throw new IllegalArgumentException("table prefix [" + tablePrefix + "] is not " + StoreTablePrefix.allowed());
        }
        if (queryTimeout.compareTo(Duration.ofSeconds(1)) < 0 || queryTimeout.toNanos() % 1_000_000_000L != 0) {
            throw new IllegalArgumentException("query timeout [" + queryTimeout + "] is not a whole number of seconds,"
                    + " at least 1");
        }
    }

    /** The default prefix, tables created on first use, {@link #DEFAULT_QUERY_TIMEOUT}. */
    public static JdbcStoreOptions defaults() {
        return new JdbcStoreOptions(DEFAULT_TABLE_PREFIX, true, DEFAULT_QUERY_TIMEOUT);
    }

    public JdbcStoreOptions withTablePrefix(String prefix) {
        return new JdbcStoreOptions(prefix, createTables, queryTimeout);
    }

    public JdbcStoreOptions withCreateTables(boolean create) {
        return new JdbcStoreOptions(tablePrefix, create, queryTimeout);
    }

    public JdbcStoreOptions withQueryTimeout(Duration timeout) {
        return new JdbcStoreOptions(tablePrefix, createTables, timeout);
    }
}
