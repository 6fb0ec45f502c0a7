package io.github.betaheaders.testsupport;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.List;

/**
 * Stands for an SSO filter that authenticates before the webapp's servlets: the user named by the header
 * {@value #USER} (URL-decoded, so a test can send any character) in the comma-separated roles of {@value #ROLES}.
 */
public final class HeaderPrincipalFilter implements Filter {

    public static final String USER = "X-Test-User";
    public static final String ROLES = "X-Test-Roles";

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        String user = http.getHeader(USER);
        if (user == null) {
            chain.doFilter(request, response);
            return;
        }
        String name = URLDecoder.decode(user, StandardCharsets.UTF_8);
        String roles = http.getHeader(ROLES);
        List<String> userRoles = roles == null ? List.of() : List.of(roles.split(","));
        Principal principal = () -> name;
        chain.doFilter(new HttpServletRequestWrapper(http) {
            @Override
            public Principal getUserPrincipal() {
                return principal;
            }

            @Override
            public String getRemoteUser() {
                return name;
            }

            @Override
            public boolean isUserInRole(String role) {
                return userRoles.contains(role);
            }
        }, response);
    }
}
