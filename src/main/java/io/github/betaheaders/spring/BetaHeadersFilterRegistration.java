package io.github.betaheaders.spring;

import io.github.betaheaders.service.BetaHeadersService;
import io.github.betaheaders.servlet.AnthropicBetaHeadersAdminServlet;
import io.github.betaheaders.servlet.AnthropicBetaHeadersFilter;
import io.github.betaheaders.servlet.AnthropicBetaHeadersListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.boot.web.servlet.FilterRegistrationBean;

/**
 * The filter's registration, which Spring Boot orders among the app's filters ({@link #ORDER}); when it registers,
 * it also puts the Spring-started service in the servlet context (under
 * {@link AnthropicBetaHeadersListener#SERVICE_ATTRIBUTE}), registers the admin servlet and publishes the counters
 * (MBean, and Micrometer meters in the app's registry when it has one):
 * <ul>
 *   <li>Embedded Tomcat, Jetty or Undertow (they ignore {@code web-fragment.xml}): the filter on {@code /*} for
 *       {@code REQUEST} and {@code ASYNC}, async supported, and the admin servlet at LiteLLM's URLs with the admin
 *       properties as its init-params.</li>
 *   <li>A WAR in a standalone container, where the jar's fragment applies: the fragment's filter and admin servlet are
 *       already declared, so none is added; they use this service (the fragment's listener, finding it, starts
 *       none), and the admin properties become the admin servlet's init-params. One filter acts, not two.</li>
 * </ul>
 */
final class BetaHeadersFilterRegistration extends FilterRegistrationBean<AnthropicBetaHeadersFilter> {

    /**
     * After Spring's own request-wrapping filters and Spring Security's chain (-100), before every filter of default
     * order, where a proxying or routing filter sits (Spring Cloud Gateway Server MVC routes after all filters, in
     * the DispatcherServlet).
     */
    static final int ORDER = -50;

    private static final System.Logger LOG = System.getLogger(BetaHeadersFilterRegistration.class.getName());

    private final BetaHeadersService service;
    private final Map<String, String> adminInitParameters;
    private final Supplier<Object> meterRegistry;

    BetaHeadersFilterRegistration(BetaHeadersService service, Map<String, String> adminInitParameters,
                                  Supplier<Object> meterRegistry) {
        super(new AnthropicBetaHeadersFilter(service));
        this.service = service;
        this.adminInitParameters = Map.copyOf(adminInitParameters);
        this.meterRegistry = meterRegistry;
        setName(AnthropicBetaHeadersFilter.NAME);
        addUrlPatterns("/*");
        setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC);
        setAsyncSupported(true);
        setOrder(ORDER);
        // A WAR's fragment declared the filter: then no registration is made, which is not a failure.
        setIgnoreRegistrationFailure(true);
    }

    @Override
    protected FilterRegistration.Dynamic addRegistration(String description, ServletContext context) {
        context.setAttribute(AnthropicBetaHeadersListener.SERVICE_ATTRIBUTE, service);
        FilterRegistration declared = context.getFilterRegistration(AnthropicBetaHeadersFilter.NAME);
        FilterRegistration.Dynamic added = null;
        if (declared != null && AnthropicBetaHeadersFilter.class.getName().equals(declared.getClassName())) {
            ServletRegistration admin = context.getServletRegistration(AnthropicBetaHeadersAdminServlet.NAME);
            if (admin != null) {
                adminInitParameters.forEach(admin::setInitParameter);
            }
            LOG.log(Level.INFO, () -> "webapp [" + context.getContextPath() + "]: the container declared the filter ["
                    + AnthropicBetaHeadersFilter.NAME + "] (the jar's web-fragment); it and the admin servlet use the "
                    + "service configured from Spring's environment, and no second filter is registered");
        } else {
            added = super.addRegistration(description, context);
            ServletRegistration.Dynamic admin = context.addServlet(AnthropicBetaHeadersAdminServlet.NAME,
                    new AnthropicBetaHeadersAdminServlet());
            admin.setInitParameters(adminInitParameters);
            admin.setLoadOnStartup(1);
            admin.addMapping(AnthropicBetaHeadersAdminServlet.RELOAD_PATH, AnthropicBetaHeadersAdminServlet.SCHEDULE_PATH,
                    AnthropicBetaHeadersAdminServlet.SCHEDULE_STATUS_PATH, AnthropicBetaHeadersAdminServlet.MAPPING_PATH,
                    AnthropicBetaHeadersAdminServlet.QUARANTINE_PATH, AnthropicBetaHeadersAdminServlet.METRICS_PATH);
        }
        service.publish(context.getContextPath(), meterRegistry.get());
        return added;
    }
}
