package io.github.betaheaders.servlet;

import io.github.betaheaders.core.AdminSettings;
import io.github.betaheaders.core.FilterSettings;
import io.github.betaheaders.core.InvalidSettingException;
import io.github.betaheaders.load.InMemoryScheduleStore;
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

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        try {
            FilterSettings settings = filterSettings(context);
            checkAdminSettings(context);
            service = context.getAttribute(CLOCK_ATTRIBUTE) instanceof Clock clock
                    ? BetaHeadersService.start(settings, clock, new InMemoryScheduleStore())
                    : BetaHeadersService.start(settings);
            service.publish(context.getContextPath());
            settings.logSources();
        } catch (InvalidSettingException e) {
            LOG.log(Level.ERROR, e.getMessage());
            throw e;
        }
        context.setAttribute(SERVICE_ATTRIBUTE, service);
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
        event.getServletContext().removeAttribute(SERVICE_ATTRIBUTE);
        if (service != null) {
            service.close();
            service = null;
        }
    }

    /** The webapp's service, or {@code null} when no listener started one. */
    static BetaHeadersService serviceOf(ServletContext context) {
        Object published = context.getAttribute(SERVICE_ATTRIBUTE);
        return published instanceof BetaHeadersService s ? s : null;
    }
}
