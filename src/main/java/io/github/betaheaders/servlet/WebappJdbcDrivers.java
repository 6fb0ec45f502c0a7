package io.github.betaheaders.servlet;

import java.lang.System.Logger.Level;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Collections;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * The JDBC drivers that the webapp's own jars ({@code WEB-INF/lib}) carry, registered with {@link DriverManager} for
 * the shared store's {@code jdbcUrl} and deregistered at undeploy: containers (Tomcat) keep {@code DriverManager} from
 * finding a webapp's drivers by itself, and a driver left registered would hold the webapp's class loader.
 *
 * <p>Only drivers whose class the webapp's class loader defined are deregistered (however they came to be registered:
 * by this loading, or by {@code DriverManager}'s own first look with the webapp as the thread's context class loader,
 * as in Jetty); a driver in the container's {@code lib} stays as it was.
 */
final class WebappJdbcDrivers implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(WebappJdbcDrivers.class.getName());

    private final ClassLoader webapp;

    private WebappJdbcDrivers(ClassLoader webapp) {
        this.webapp = webapp;
    }

    /** Loads (and so registers) every driver that {@code webapp} declares as a {@code java.sql.Driver} service. */
    static WebappJdbcDrivers load(ClassLoader webapp) {
        try {
            for (Driver ignored : ServiceLoader.load(Driver.class, webapp)) {
                // Loading a driver's class registers it.
            }
        } catch (ServiceConfigurationError e) {
            LOG.log(Level.WARNING, "could not load a JDBC driver of the webapp: " + e);
        }
        return new WebappJdbcDrivers(webapp);
    }

    /** Deregisters every registered driver that the webapp's class loader defined. */
    @Override
    public void close() {
        for (Driver driver : Collections.list(DriverManager.getDrivers())) {
            if (driver.getClass().getClassLoader() != webapp) {
                continue;
            }
            try {
                DriverManager.deregisterDriver(driver);
            } catch (SQLException | SecurityException e) {
                LOG.log(Level.WARNING, "could not deregister the JDBC driver " + driver.getClass().getName() + ": " + e);
            }
        }
    }
}
