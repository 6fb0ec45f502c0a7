package io.github.betaheaders.servlet;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.util.Collections;
import java.util.Enumeration;
import java.util.NoSuchElementException;

/**
 * A request whose {@code anthropic-beta} header reads as one rewritten line, or is absent when nothing is left. Every
 * other header is the container's own; nothing is copied.
 */
final class BetaHeaderRequest extends HttpServletRequestWrapper {

    /** The header this wrapper rewrites; matched in any case. */
    static final String HEADER = "anthropic-beta";

    private final String betaHeader;

    /** @param betaHeader the rewritten value, or {@code null} to remove the header */
    BetaHeaderRequest(HttpServletRequest request, String betaHeader) {
        super(request);
        this.betaHeader = betaHeader;
    }

    static boolean isBetaHeader(String name) {
        return HEADER.equalsIgnoreCase(name);
    }

    @Override
    public String getHeader(String name) {
        return isBetaHeader(name) ? betaHeader : super.getHeader(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
        if (isBetaHeader(name)) {
            return betaHeader == null ? Collections.emptyEnumeration() : new OneValue(betaHeader);
        }
        return super.getHeaders(name);
    }

    @Override
    public Enumeration<String> getHeaderNames() {
        Enumeration<String> names = super.getHeaderNames();
        return betaHeader == null ? new HeaderNames(names, BetaHeaderRequest::isBetaHeader, null) : names;
    }

    /** The rewritten line as an enumeration: one small object per call. */
    private static final class OneValue implements Enumeration<String> {
        private String value;

        OneValue(String value) {
            this.value = value;
        }

        @Override
        public boolean hasMoreElements() {
            return value != null;
        }

        @Override
        public String nextElement() {
            if (value == null) {
                throw new NoSuchElementException();
            }
            String out = value;
            value = null;
            return out;
        }
    }
}
