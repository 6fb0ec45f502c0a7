package io.github.betaheaders.servlet;

import io.github.betaheaders.core.FilterSettings;
import io.github.betaheaders.load.InMemoryScheduleStore;
import io.github.betaheaders.service.BetaHeadersService;
import io.github.betaheaders.store.DriverManagerDataSource;
import io.github.betaheaders.store.JdbcStore;
import io.github.betaheaders.store.JdbcStoreOptions;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

/**
 * Starts a webapp's {@link BetaHeadersService} from its settings: alone, or, with {@code dataSource} (a JNDI name) or
 * {@code jdbcUrl}, as a node of the shared store. Used by {@link AnthropicBetaHeadersListener} and by the Spring Boot
 * auto-configuration, so that both start the same service from the same settings.
 */
public final class ServiceLauncher {

    /** How long opening a connection to the shared store (by {@code jdbcUrl}) may take. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** How long an open connection to the shared store may wait for any answer: a backstop behind the query timeout. */
    static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(15);

    private ServiceLauncher() {
    }

    /**
     * Starts the service the settings describe.
     *
     * @param contextPath the webapp's context path, part of the default {@code nodeName}
     * @param clock       the service's clock, and the shared store's (its leases and due times)
     * @throws io.github.betaheaders.core.InvalidSettingException when a setting is bad, or names a DataSource or JDBC
     *                                                           driver that is not there
     */
    public static BetaHeadersService start(FilterSettings settings, String contextPath, Clock clock) {
        if (!settings.sharedStore()) {
            return BetaHeadersService.start(settings, clock, new InMemoryScheduleStore());
        }
        DataSource dataSource = settings.dataSource() != null ? lookUp(settings) : driverManager(settings);
        String node = settings.nodeName() != null ? settings.nodeName() : defaultNodeName(contextPath);
        JdbcStore store = new JdbcStore(dataSource, JdbcStoreOptions.defaults().withTablePrefix(settings.tablePrefix())
                .withCreateTables(settings.createTables()), clock);
        return BetaHeadersService.startShared(settings, clock, store, node);
    }

    private static DataSource driverManager(FilterSettings settings) {
        try {
            DriverManager.getDriver(settings.jdbcUrl());
        } catch (SQLException e) {
            throw settings.invalid(FilterSettings.JDBC_URL, "no JDBC driver takes it; put the driver's jar in "
                    + "WEB-INF/lib or the container's lib");
        }
        return new DriverManagerDataSource(settings.jdbcUrl(), settings.jdbcUser(), settings.jdbcPassword(),
                CONNECT_TIMEOUT, SOCKET_TIMEOUT);
    }

    private static DataSource lookUp(FilterSettings settings) {
        Object found;
        try {
            InitialContext naming = new InitialContext();
            try {
                found = naming.lookup(settings.dataSource());
            } finally {
                naming.close();
            }
        } catch (NamingException e) {
            throw settings.invalid(FilterSettings.DATA_SOURCE, "the JNDI lookup failed: " + e);
        }
        if (found instanceof DataSource dataSource) {
            return dataSource;
        }
        throw settings.invalid(FilterSettings.DATA_SOURCE, "it names " + (found == null ? "nothing"
                : "a " + found.getClass().getName()) + ", not a javax.sql.DataSource");
    }

    /** The host name and the context path ({@code gw1.example/gateway}; {@code /} for the root context). */
    static String defaultNodeName(String contextPath) {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        String name = host + (contextPath == null || contextPath.isEmpty() ? "/" : contextPath);
        return name.length() <= FilterSettings.MAX_NODE_NAME ? name : name.substring(0, FilterSettings.MAX_NODE_NAME);
    }
}
