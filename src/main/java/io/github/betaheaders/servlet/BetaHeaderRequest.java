package io.github.betaheaders.servlet;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.util.Collections;
import java.util.Enumeration;
import java.util.NoSuchElementException;

/**
 * A request whose {@code anthropic-beta} header reads as one rewritten line, or is absent when nothing is left. Every
 * other header is the container's own; nothing is copied.
 *
 * <p>For a request whose model is in its body ({@link BodyModelHeader}), the line is rewritten again once the body's
 * model is known, before the chain goes on: {@link #bodyModel}.
 */
final class BetaHeaderRequest extends HttpServletRequestWrapper {

    /** The header this wrapper rewrites; matched in any case. */
    static final String HEADER = "anthropic-beta";

    /** Set once more, by {@link #bodyModel}, before the request is passed on (in this thread or before a dispatch). */
    private volatile String betaHeader;
    private final BodyModelHeader awaitingModel;

    /** @param betaHeader the rewritten value, or {@code null} to remove the header */
    BetaHeaderRequest(HttpServletRequest request, String betaHeader) {
        this(request, betaHeader, null);
    }

    BetaHeaderRequest(HttpServletRequest request, String betaHeader, BodyModelHeader awaitingModel) {
        super(request);
        this.betaHeader = betaHeader;
        this.awaitingModel = awaitingModel;
    }

    /** The body's top-level model is known: the header follows that model's rule, if one matches. */
    void bodyModel(String model) {
        if (awaitingModel != null) {
            betaHeader = awaitingModel.headerFor(model, betaHeader);
        }
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
