package io.github.betaheaders.store;

import io.github.betaheaders.core.JdbcUrlRedaction;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A {@link DataSource} that opens a new connection through {@link DriverManager} for each call: for a store given by
 * {@code jdbcUrl}, {@code jdbcUser} and {@code jdbcPassword} rather than by the container's pool. The connect and
 * socket timeouts are passed to the PostgreSQL and MariaDB/MySQL drivers in their own properties (without touching
 * the JVM-wide {@link DriverManager#setLoginTimeout}), so that a database that does not answer cannot hold a caller;
 * parameters in the URL itself take precedence where the driver gives them precedence.
 *
 * <p>The password is never shown: not by {@link #toString()}, which also hides {@code password=} parameters and
 * {@code user:password@} in the URL, nor in the messages that {@link #redact(String)} cleans.
 */
public final class DriverManagerDataSource implements DataSource {

    private final String url;
    private final String user;
    private final String password;
    private final Duration connectTimeout;
    private final Duration socketTimeout;

    /**
     * @param user           {@code null} for none (or when the URL carries it)
     * @param password       {@code null} for none
     * @param connectTimeout the bound of opening a connection (login included)
     * @param socketTimeout  the bound of waiting for any answer on an open connection: a backstop behind the query
     *                       timeout, for a database that stopped answering altogether, so longer than it
     */
    public DriverManagerDataSource(String url, String user, String password, Duration connectTimeout,
                                   Duration socketTimeout) {
        this.url = Objects.requireNonNull(url, "url");
        this.user = user;
        this.password = password;
        this.connectTimeout = positive(connectTimeout, "connectTimeout");
        this.socketTimeout = positive(socketTimeout, "socketTimeout");
    }

    private static Duration positive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " [" + duration + "] is not above 0");
        }
        return duration;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return getConnection(user, password);
    }

    @Override
    public Connection getConnection(String username, String secret) throws SQLException {
        Properties properties = new Properties();
        if (username != null) {
            properties.setProperty("user", username);
        }
        if (secret != null) {
            properties.setProperty("password", secret);
        }
        properties.putAll(driverTimeouts());
        return DriverManager.getConnection(url, properties);
    }

    /** The timeouts in the properties of the driver that the URL names; none for other drivers. */
    Properties driverTimeouts() {
        Properties properties = new Properties();
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.startsWith("jdbc:postgresql:")) {
            String connectSeconds = Long.toString(Math.max(1, ceilSeconds(connectTimeout)));
            properties.setProperty("connectTimeout", connectSeconds);
            properties.setProperty("loginTimeout", connectSeconds);
            properties.setProperty("socketTimeout", Long.toString(Math.max(1, ceilSeconds(socketTimeout))));
        } else if (lower.startsWith("jdbc:mariadb:") || lower.startsWith("jdbc:mysql:")) {
            properties.setProperty("connectTimeout", Long.toString(Math.max(1, connectTimeout.toMillis())));
            properties.setProperty("socketTimeout", Long.toString(Math.max(1, socketTimeout.toMillis())));
        }
        return properties;
    }

    private static long ceilSeconds(Duration duration) {
        long seconds = duration.getSeconds();
        return duration.getNano() > 0 ? seconds + 1 : seconds;
    }

    /** {@code text} without the password, for a message that may quote what the driver said. */
    public String redact(String text) {
        if (text == null) {
            return null;
        }
        String clean = text;
        if (password != null && !password.isEmpty()) {
            clean = clean.replace(password, "***");
        }
        return JdbcUrlRedaction.redact(clean);
    }

    @Override
    public String toString() {
        return "DriverManagerDataSource[" + redact(url) + (user == null ? "" : ", user " + user) + "]";
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        throw new UnsupportedOperationException("DriverManagerDataSource has no log writer");
    }

    @Override
    public void setLoginTimeout(int seconds) {
        throw new UnsupportedOperationException("the connect timeout is given to the constructor");
    }

    @Override
    public int getLoginTimeout() {
        return (int) Math.max(1, ceilSeconds(connectTimeout));
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("DriverManagerDataSource does not log");
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new SQLException("DriverManagerDataSource is not a " + type.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return type.isInstance(this);
    }
}
