package io.github.betaheaders.it.gateway;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;

/**
 * A filter of the application's own at Spring's default filter order (the lowest precedence), where a proxying or
 * routing filter sits: it records the anthropic-beta header it sees, which must already be rewritten.
 */
@TestConfiguration(proxyBeanMethods = false)
class FilterOrderProbe {

    static final AtomicReference<String> SEEN = new AtomicReference<>();

    @Bean
    FilterRegistrationBean<Filter> anthropicBetaSeenByALaterFilter() {
        Filter probe = (request, response, chain) -> {
            SEEN.set(((HttpServletRequest) request).getHeader("anthropic-beta"));
            chain.doFilter(request, response);
        };
        FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(probe);
        // A JSON body that the filter reads without blocking (in Tomcat, every one with a length) goes on in an
        // ASYNC dispatch: a later filter mapped for REQUEST only never sees such a request.
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC);
        return registration;
    }
}
