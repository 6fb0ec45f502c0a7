package io.github.betaheaders.bench;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * A request as a container hands it to a filter, holding only what the filter and a header-copying proxy read:
 * headers (looked up in any case, a fresh enumeration per call, as containers do), method, paths. Anything else fails
 * loudly, so a benchmark cannot silently measure a path it did not mean to.
 */
final class BenchRequest extends HttpServletRequestWrapper {

    private static final HttpServletRequest NOTHING = (HttpServletRequest) Proxy.newProxyInstance(
            BenchRequest.class.getClassLoader(), new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> {
                throw new UnsupportedOperationException("the benchmark request has no " + method.getName());
            });

    private final String method;
    private final String servletPath;
    private final String pathInfo;
    private final String[] names;
    private final String[] values;

    /** @param headers name, value, name, value, ... (a name may repeat) */
    BenchRequest(String method, String servletPath, String pathInfo, String... headers) {
        super(NOTHING);
        this.method = method;
        this.servletPath = servletPath;
        this.pathInfo = pathInfo;
        names = new String[headers.length / 2];
        values = new String[headers.length / 2];
        for (int i = 0; i < names.length; i++) {
            names[i] = headers[2 * i];
            values[i] = headers[2 * i + 1];
        }
    }

    @Override
    public String getHeader(String name) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equalsIgnoreCase(name)) {
                return values[i];
            }
        }
        return null;
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
        List<String> found = null;
        for (int i = 0; i < names.length; i++) {
            if (names[i].equalsIgnoreCase(name)) {
                if (found == null) {
                    found = new ArrayList<>(2);
                }
                found.add(values[i]);
            }
        }
        return found == null ? Collections.emptyEnumeration() : Collections.enumeration(found);
    }

    @Override
    public Enumeration<String> getHeaderNames() {
        List<String> distinct = new ArrayList<>(names.length);
        for (String name : names) {
            if (!distinct.contains(name)) {
                distinct.add(name);
            }
        }
        return Collections.enumeration(distinct);
    }

    @Override
    public String getMethod() {
        return method;
    }

    @Override
    public String getServletPath() {
        return servletPath;
    }

    @Override
    public String getPathInfo() {
        return pathInfo;
    }

    @Override
    public String getRequestURI() {
        return pathInfo == null ? servletPath : servletPath + pathInfo;
    }

    @Override
    public String getQueryString() {
        return null;
    }

    @Override
    public Object getAttribute(String name) {
        return null;
    }

    @Override
    public String getContentType() {
        return null;
    }

    @Override
    public long getContentLengthLong() {
        return -1;
    }

    @Override
    public DispatcherType getDispatcherType() {
        return DispatcherType.REQUEST;
    }
}
