package io.github.betaheaders.bench;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * A request as a container hands it to a filter, holding only what the filter and a header-copying proxy read:
 * headers (looked up in any case, a fresh enumeration per call, as containers do), method, paths, and optionally a
 * JSON body that has arrived whole ({@link #withJsonBody}). Anything else fails loudly, so a benchmark cannot silently
 * measure a path it did not mean to.
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
    private byte[] body;
    private BodyStream stream;

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

    /**
     * This request with a JSON body ({@code Content-Type: application/json}, its length declared, async supported, the
     * whole body arrived); call {@link #resend} before each use, as each request's stream is read once.
     */
    BenchRequest withJsonBody(byte[] json) {
        body = json;
        resend();
        return this;
    }

    /** A fresh stream over the body, for the next use of this request. */
    void resend() {
        stream = new BodyStream(body);
    }

    @Override
    public ServletInputStream getInputStream() {
        if (stream == null) {
            throw new UnsupportedOperationException("the benchmark request has no body");
        }
        return stream;
    }

    @Override
    public boolean isAsyncSupported() {
        return body != null;
    }

    @Override
    public boolean isAsyncStarted() {
        return false;
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
        return body == null ? null : "application/json";
    }

    @Override
    public long getContentLengthLong() {
        return body == null ? -1 : body.length;
    }

    @Override
    public DispatcherType getDispatcherType() {
        return DispatcherType.REQUEST;
    }

    /** A body that has arrived whole: reads never block, {@code available()} is what is left. */
    private static final class BodyStream extends ServletInputStream {
        private final byte[] bytes;
        private int position;

        BodyStream(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public int read() {
            return position < bytes.length ? bytes[position++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] into, int offset, int count) {
            if (position >= bytes.length) {
                return -1;
            }
            int n = Math.min(count, bytes.length - position);
            System.arraycopy(bytes, position, into, offset, n);
            position += n;
            return n;
        }

        @Override
        public int available() {
            return bytes.length - position;
        }

        @Override
        public boolean isFinished() {
            return position >= bytes.length;
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
            throw new UnsupportedOperationException("the benchmark request reads blocking");
        }
    }
}
