package io.github.betaheaders.testsupport;

import io.github.betaheaders.servlet.AnthropicBetaHeadersFilter;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;

/**
 * A filter earlier in the chain than ours that sets the provider request attribute from the request header
 * {@value #HEADER}, as an application that knows better might.
 */
public final class ProviderAttributeFilter implements Filter {

    public static final String HEADER = "X-Route-Provider";

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String provider = ((HttpServletRequest) request).getHeader(HEADER);
        if (provider != null) {
            request.setAttribute(AnthropicBetaHeadersFilter.PROVIDER_ATTRIBUTE, provider);
        }
        chain.doFilter(request, response);
    }
}
