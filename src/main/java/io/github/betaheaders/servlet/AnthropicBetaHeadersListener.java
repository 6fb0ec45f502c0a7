package io.github.betaheaders.servlet;

import io.github.betaheaders.core.AdminSettings;
import io.github.betaheaders.core.FilterSettings;
import io.github.betaheaders.core.InvalidSettingException;
import io.github.betaheaders.service.BetaHeadersService;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletRegistration;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Owns the webapp's {@link BetaHeadersService}: starts it when the webapp starts, publishes it in the servlet context
 * under {@link #SERVICE_ATTRIBUTE} for {@link AnthropicBetaHeadersFilter} and {@link AnthropicBetaHeadersAdminServlet},
 * and closes it when the webapp stops. Declared in the jar's web-fragment; an app whose web.xml is
 * {@code metadata-complete="true"} declares it there, before the filter.
 *
 * <p>The settings are the init-params of the webapp's {@value AnthropicBetaHeadersFilter#NAME} filter (the one filter
 * of class {@link AnthropicBetaHeadersFilter}; several fail the deployment), then system properties, then environment
 * variables. The settings of every admin servlet declared are checked here too, so that a bad one fails the deployment
 * in every container (a servlet's own failing {@code init} does not, in Tomcat). A bad setting fails the deployment
 * with a message naming the setting, where it came from and the value.
 *
 * <p>When the servlet context already holds a service as it starts (Spring Boot's auto-configuration, in a WAR,
 * published its own), it starts none and leaves that one alone when the webapp stops.
 *
 * <p>With {@code dataSource} (a JNDI name, looked up here) or {@code jdbcUrl}, the service is a node of a shared store
 * ({@link ServiceLauncher}); for {@code jdbcUrl} the webapp's own JDBC drivers are registered here and
 * deregistered when the webapp stops ({@link WebappJdbcDrivers}).
 */
public class AnthropicBetaHeadersListener implements ServletContextListener {

    /** The servlet context attribute holding the webapp's {@link BetaHeadersService}. */
    public static final String SERVICE_ATTRIBUTE = BetaHeadersService.class.getName();

    /**
     * A servlet context attribute that code starting the webapp may set (before the listeners run, from a
     * {@code ServletContainerInitializer}) to a {@link Clock} the service uses instead of the system's: for tests of
     * schedules and quarantines that pass hours in milliseconds.
     */
    public static final String CLOCK_ATTRIBUTE = BetaHeadersService.class.getName() + ".clock";

    private static final System.Logger LOG = System.getLogger(AnthropicBetaHeadersListener.class.getName());

    private BetaHeadersService service;
    private WebappJdbcDrivers drivers;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        if (serviceOf(context) != null) {
            // Spring Boot's auto-configuration runs first in a WAR (from a ServletContainerInitializer) and has
            // published the service it started from Spring's environment: that one serves the fragment's filter and
            // admin servlet, so that one filter acts, not two.
            LOG.log(Level.INFO, () -> "webapp [" + context.getContextPath() + "]: a " + BetaHeadersService.class
                    .getSimpleName() + " is already running (started by Spring Boot's auto-configuration); this "
                    + "listener starts none");
            return;
        }
        try {
            FilterSettings settings = filterSettings(context);
            checkAdminSettings(context);
            if (settings.sharedStore() && settings.jdbcUrl() != null) {
                drivers = WebappJdbcDrivers.load(context.getClassLoader());
            }
            try {
                Clock clock = context.getAttribute(CLOCK_ATTRIBUTE) instanceof Clock set ? set : Clock.systemUTC();
                service = ServiceLauncher.start(settings, context.getContextPath(), clock);
            } catch (RuntimeException e) {
                closeDrivers();
                throw e;
            }
            service.publish(context.getContextPath());
            settings.logSources();
        } catch (InvalidSettingException e) {
            LOG.log(Level.ERROR, e.getMessage());
            throw e;
        }
        context.setAttribute(SERVICE_ATTRIBUTE, service);
    }

    private void closeDrivers() {
        if (drivers != null) {
            drivers.close();
            drivers = null;
        }
    }

    private static FilterSettings filterSettings(ServletContext context) {
        List<FilterRegistration> filters = new ArrayList<>();
        for (FilterRegistration registration : context.getFilterRegistrations().values()) {
            if (AnthropicBetaHeadersFilter.class.getName().equals(registration.getClassName())) {
                filters.add(registration);
            }
        }
        if (filters.size() > 1) {
            List<String> names = filters.stream().map(FilterRegistration::getName).toList();
            throw new InvalidSettingException("listener [" + AnthropicBetaHeadersListener.class.getSimpleName()
                    + "]: the webapp declares " + filters.size() + " filters of class "
                    + AnthropicBetaHeadersFilter.class.getName() + " " + names + "; declare one (its [routes] "
                    + "setting sends each path to its provider)");
        }
        if (filters.isEmpty()) {
            return FilterSettings.read("webapp [" + context.getContextPath() + "]", List.of(), name -> null);
        }
        Map<String, String> params = filters.get(0).getInitParameters();
        return FilterSettings.read("filter [" + filters.get(0).getName() + "]", params.keySet(), params::get);
    }

    private static void checkAdminSettings(ServletContext context) {
        for (ServletRegistration registration : context.getServletRegistrations().values()) {
            if (AnthropicBetaHeadersAdminServlet.class.getName().equals(registration.getClassName())) {
                Map<String, String> params = registration.getInitParameters();
                AdminSettings.read(AnthropicBetaHeadersAdminServlet.component(registration.getName()),
                        params.keySet(), params::get);
            }
        }
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        try {
            if (service != null) {
                event.getServletContext().removeAttribute(SERVICE_ATTRIBUTE);
                service.close();
                service = null;
            }
        } finally {
            closeDrivers();
        }
    }

    /** The webapp's service, or {@code null} when no listener started one. */
    static BetaHeadersService serviceOf(ServletContext context) {
        Object published = context.getAttribute(SERVICE_ATTRIBUTE);
        return published instanceof BetaHeadersService s ? s : null;
    }
}
