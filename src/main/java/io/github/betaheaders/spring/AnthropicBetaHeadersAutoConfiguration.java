package io.github.betaheaders.spring;

import io.github.betaheaders.core.FilterSettings;
import io.github.betaheaders.core.InvalidSettingException;
import io.github.betaheaders.metrics.MicrometerBinding;
import io.github.betaheaders.service.BetaHeadersService;
import io.github.betaheaders.servlet.AnthropicBetaHeadersFilter;
import io.github.betaheaders.servlet.ServiceLauncher;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.Map;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The library in a Spring Boot servlet application, with no code of the user's: the webapp-wide service (started
 * from the {@code anthropic-beta-headers.*} properties, closed when the application stops), the filter in front of
 * every route and the admin servlet at LiteLLM's URLs ({@link BetaHeadersFilterRegistration}), and with Actuator a
 * health contributor {@code anthropicBetaHeaders} and the counters as meters of the app's registry. Works on Spring
 * Boot 4.0 and 3.5; {@code anthropic-beta-headers.enabled=false} turns it off. Listed in
 * {@code META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports}, so only Spring Boot ever
 * loads it: outside Spring the jar needs nothing of Spring.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(name = "jakarta.servlet.Filter")
@ConditionalOnProperty(prefix = AnthropicBetaHeadersProperties.PREFIX, name = "enabled", havingValue = "true",
        matchIfMissing = true)
@EnableConfigurationProperties(AnthropicBetaHeadersProperties.class)
public class AnthropicBetaHeadersAutoConfiguration {

    private static final System.Logger LOG = System.getLogger(AnthropicBetaHeadersAutoConfiguration.class.getName());
    private static final String METER_REGISTRY = "io.micrometer.core.instrument.MeterRegistry";

    /**
     * Starts the service; a bad property (filter's or admin servlet's) fails the application's start with the
     * library's message naming the property and the value.
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public BetaHeadersService anthropicBetaHeadersService(AnthropicBetaHeadersProperties properties,
                                                          Environment environment) {
        Map<String, String> values = properties.byLibraryName();
        try {
            FilterSettings settings = SpringSettings.filter(values);
            SpringSettings.admin(values).logSources();
            // With data-source or jdbc-url, a node of the shared store, as the listener starts it in a webapp.
            BetaHeadersService service = ServiceLauncher.start(settings,
                    environment.getProperty("server.servlet.context-path", ""), Clock.systemUTC());
            settings.logSources();
            return service;
        } catch (InvalidSettingException e) {
            LOG.log(Level.ERROR, e.getMessage());
            throw e;
        }
    }

    /** The filter's registration, which also registers the admin servlet ({@link BetaHeadersFilterRegistration}). */
    @Bean
    @ConditionalOnMissingBean(name = "anthropicBetaHeadersFilterRegistration")
    public FilterRegistrationBean<AnthropicBetaHeadersFilter> anthropicBetaHeadersFilterRegistration(
            BetaHeadersService service, AnthropicBetaHeadersProperties properties, ListableBeanFactory beans) {
        return new BetaHeadersFilterRegistration(service,
                SpringSettings.adminInitParameters(properties.byLibraryName()), () -> meterRegistry(beans));
    }

    /** The app's Micrometer registry, or {@code null} (Micrometer's global registry) when it has none or several. */
    private static Object meterRegistry(ListableBeanFactory beans) {
        if (!MicrometerBinding.micrometerPresent()) {
            return null;
        }
        try {
            Class<?> type = Class.forName(METER_REGISTRY, false, AnthropicBetaHeadersAutoConfiguration.class
                    .getClassLoader());
            return beans.getBeanProvider(type).getIfUnique();
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    /** Spring Boot 4.0's Actuator (package {@code org.springframework.boot.health.contributor}). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
    static class Boot4Health {

        @Bean
        @ConditionalOnMissingBean(name = "anthropicBetaHeadersHealthIndicator")
        BetaHeadersHealthIndicator anthropicBetaHeadersHealthIndicator(BetaHeadersService service) {
            return new BetaHeadersHealthIndicator(service);
        }
    }

    /** Spring Boot 3.5's Actuator (package {@code org.springframework.boot.actuate.health}). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
    @ConditionalOnMissingClass("org.springframework.boot.health.contributor.HealthIndicator")
    static class Boot3Health {

        @Bean
        @ConditionalOnMissingBean(name = "anthropicBetaHeadersHealthIndicator")
        Boot3BetaHeadersHealthIndicator anthropicBetaHeadersHealthIndicator(BetaHeadersService service) {
            return new Boot3BetaHeadersHealthIndicator(service);
        }
    }
}
