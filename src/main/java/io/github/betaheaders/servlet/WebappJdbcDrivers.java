package io.github.betaheaders.servlet;

import java.lang.System.Logger.Level;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * The JDBC drivers that the webapp's own jars ({@code WEB-INF/lib}) carry, registered with {@link DriverManager} for
 * the shared store's {@code jdbcUrl} and deregistered at undeploy: containers (Tomcat) keep {@code DriverManager} from
 * finding a webapp's drivers by itself, and a driver left registered would hold the webapp's class loader.
 *
 * <p>Only the drivers that loading registered, and whose class the webapp's class loader defined, are deregistered:
 * a driver in the container's {@code lib} or one the app registered before stays as it was.
 */
final class WebappJdbcDrivers implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(WebappJdbcDrivers.class.getName());

    private final List<Driver> registered;

    private WebappJdbcDrivers(List<Driver> registered) {
        this.registered = registered;
    }

    /** Loads (and so registers) every driver that {@code webapp} declares as a {@code java.sql.Driver} service. */
    static WebappJdbcDrivers load(ClassLoader webapp) {
        Set<Driver> before = Collections.newSetFromMap(new IdentityHashMap<>());
        before.addAll(Collections.list(DriverManager.getDrivers()));
        try {
            for (Driver ignored : ServiceLoader.load(Driver.class, webapp)) {
                // Loading a driver's class registers it.
            }
        } catch (ServiceConfigurationError e) {
            LOG.log(Level.WARNING, "could not load a JDBC driver of the webapp: " + e);
        }
        List<Driver> ours = new ArrayList<>();
        for (Driver driver : Collections.list(DriverManager.getDrivers())) {
            if (!before.contains(driver) && definedBy(driver, webapp)) {
                ours.add(driver);
            }
        }
        return new WebappJdbcDrivers(ours);
    }

    private static boolean definedBy(Driver driver, ClassLoader webapp) {
        return driver.getClass().getClassLoader() == webapp;
    }

    /** The drivers registered by {@link #load}, to be deregistered by {@link #close()}. */
    List<Driver> registered() {
        return List.copyOf(registered);
    }

    @Override
    public void close() {
        for (Driver driver : registered) {
            try {
                DriverManager.deregisterDriver(driver);
            } catch (SQLException | SecurityException e) {
                LOG.log(Level.WARNING, "could not deregister the JDBC driver " + driver.getClass().getName() + ": " + e);
            }
        }
        registered.clear();
    }
}
