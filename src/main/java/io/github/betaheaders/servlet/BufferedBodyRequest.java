package io.github.betaheaders.servlet;

import io.github.betaheaders.body.BodyBufferBudget;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UnsupportedEncodingException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * A request whose body the filter has read. It wraps the request the filter forwards (the container's, or a
 * {@link BetaHeaderRequest}), so it composes with the header rewrite.
 *
 * <ul>
 *   <li>{@link #complete}: the whole body is in memory (rewritten or not). {@code getContentLength},
 *       {@code getContentLengthLong} and the {@code Content-Length} header ({@code getHeader}, {@code getHeaders},
 *       {@code getIntHeader}, {@code getHeaderNames}) give its length, and {@code Transfer-Encoding} is gone: a proxy
 *       that copies headers (Jetty's ProxyServlet copies {@code Content-Length}; MITRE's reads it to size the entity)
 *       sends exactly these bytes with their length.</li>
 *   <li>{@link #replaying}: the filter stopped reading (the body outgrew {@code maxBodyBytes}, or reading failed).
 *       The headers are the client's, and the body is the bytes read so far followed by the rest of the client's
 *       stream, or by the read's error.</li>
 * </ul>
 *
 * <p>As the servlet spec says, the body is read either through {@link #getInputStream()} or through
 * {@link #getReader()}, not both ({@link IllegalStateException}). The reader decodes with the request's character
 * encoding, and UTF-8 when none is declared: the body is JSON (RFC 8259).
 */
final class BufferedBodyRequest extends HttpServletRequestWrapper {

    static final String CONTENT_LENGTH = "Content-Length";
    static final String TRANSFER_ENCODING = "Transfer-Encoding";

    private volatile BufferedBodyInputStream body;
    /** The body's length, or -1 when replaying (the client's headers stand). */
    private volatile long length;
    /** The asynchronous context the filter started to read the body without blocking, or null. */
    private volatile AsyncContext filterContext;
    private volatile boolean servletTookAsync;
    private BufferedReader reader;
    private boolean streamTaken;
    /** This body's share of maxBufferedBytes, closed when the request ends; null when not tracked. */
    private volatile BodyBufferBudget.Reservation reservation;
    private volatile boolean releaseRegistered;

    private BufferedBodyRequest(HttpServletRequest request, BufferedBodyInputStream body, long length) {
        super(request);
        this.body = body;
        this.length = length;
    }

    /**
     * A request whose body is still arriving (read without blocking by {@link NonBlockingBodyReader}); one of the
     * {@code settle} methods gives it its body before anything reads it.
     */
    static BufferedBodyRequest pending(HttpServletRequest request) {
        return new BufferedBodyRequest(request, null, -1);
    }

    /** Gives a {@link #pending} request the body {@code bytes[0, length)}. */
    void settleComplete(byte[] bytes, int count) {
        body = new BufferedBodyInputStream(bytes, count, null, null, (HttpServletRequest) getRequest());
        length = count;
    }

    /** Gives a {@link #pending} request the body {@code bytes[0, length)} followed by {@code rest} or {@code failure}. */
    void settleReplaying(byte[] bytes, int count, ServletInputStream rest, IOException failure) {
        body = new BufferedBodyInputStream(bytes, count, rest, failure, (HttpServletRequest) getRequest());
        length = -1;
    }

    /** Gives a {@link #pending} request the body of {@code other}, made for the same request. */
    void settleFrom(BufferedBodyRequest other) {
        body = other.body;
        length = other.length;
    }

    /** The request this one wraps: the one the filter forwards apart from the body. */
    HttpServletRequest getRequestWithoutBody() {
        return (HttpServletRequest) getRequest();
    }

    /** Records the asynchronous context the filter started (with this request) to read the body. */
    void startedByFilter(AsyncContext context) {
        filterContext = context;
    }

    /** Whether the servlet called {@code startAsync} on this request after the filter had started it. */
    boolean servletTookAsync() {
        return servletTookAsync;
    }

    /** A request whose body is exactly {@code bytes[0, length)}. */
    static BufferedBodyRequest complete(HttpServletRequest request, byte[] bytes, int length) {
        return new BufferedBodyRequest(request, new BufferedBodyInputStream(bytes, length, null, null, request),
                length);
    }

    /** A request whose body is {@code bytes[0, length)} followed by {@code rest}, or by {@code failure}. */
    static BufferedBodyRequest replaying(HttpServletRequest request, byte[] bytes, int length,
                                         ServletInputStream rest, IOException failure) {
        return new BufferedBodyRequest(request, new BufferedBodyInputStream(bytes, length, rest, failure, request),
                -1);
    }

    /**
     * Ties {@code held} to this request: when it goes asynchronous through this wrapper, {@code held} is closed when
     * it ends; otherwise {@link #requestDone} closes it.
     */
    void holding(BodyBufferBudget.Reservation held) {
        this.reservation = held;
    }

    /** Called by the filter after the chain returned: gives the reservation back, now or when the request ends. */
    void requestDone(HttpServletRequest container) {
        BodyBufferBudget.Reservation held = reservation;
        if (held == null || releaseRegistered) {
            return;
        }
        if (container.isAsyncStarted()) {
            ReservationRelease.when(container.getAsyncContext(), held);
        } else {
            held.close();
        }
    }

    /**
     * When the filter started asynchronous processing to read the body, the servlet continues it: it gets that
     * context (whose request is this one), and completes it as if it had started it.
     */
    @Override
    public AsyncContext startAsync() {
        AsyncContext started = filterContext;
        if (started != null) {
            servletTookAsync = true;
            return started;
        }
        return released(super.startAsync());
    }

    @Override
    public AsyncContext startAsync(ServletRequest request, ServletResponse response) {
        AsyncContext started = filterContext;
        if (started != null) {
            servletTookAsync = true;
            return started;
        }
        return released(super.startAsync(request, response));
    }

    private AsyncContext released(AsyncContext context) {
        BodyBufferBudget.Reservation held = reservation;
        if (held != null && !releaseRegistered) {
            releaseRegistered = true;
            ReservationRelease.when(context, held);
        }
        return context;
    }

    private boolean complete() {
        return length >= 0;
    }

    private static boolean isContentLength(String name) {
        return CONTENT_LENGTH.equalsIgnoreCase(name);
    }

    private static boolean isTransferEncoding(String name) {
        return TRANSFER_ENCODING.equalsIgnoreCase(name);
    }

    @Override
    public int getContentLength() {
        if (!complete()) {
            return super.getContentLength();
        }
        return length > Integer.MAX_VALUE ? -1 : (int) length;
    }

    @Override
    public long getContentLengthLong() {
        return complete() ? length : super.getContentLengthLong();
    }

    @Override
    public String getHeader(String name) {
        if (complete()) {
            if (isContentLength(name)) {
                return Long.toString(length);
            }
            if (isTransferEncoding(name)) {
                return null;
            }
        }
        return super.getHeader(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
        if (complete()) {
            if (isContentLength(name)) {
                return Collections.enumeration(List.of(Long.toString(length)));
            }
            if (isTransferEncoding(name)) {
                return Collections.emptyEnumeration();
            }
        }
        return super.getHeaders(name);
    }

    @Override
    public int getIntHeader(String name) {
        if (complete() && isContentLength(name)) {
            return getContentLength();
        }
        return super.getIntHeader(name);
    }

    @Override
    public Enumeration<String> getHeaderNames() {
        Enumeration<String> names = super.getHeaderNames();
        if (!complete()) {
            return names;
        }
        String added = super.getHeader(CONTENT_LENGTH) == null ? CONTENT_LENGTH : null;
        return new HeaderNames(names, BufferedBodyRequest::isTransferEncoding, added);
    }

    @Override
    public ServletInputStream getInputStream() {
        if (reader != null) {
            throw new IllegalStateException("getReader() has already been called for this request");
        }
        streamTaken = true;
        return body;
    }

    @Override
    public BufferedReader getReader() throws UnsupportedEncodingException {
        if (streamTaken) {
            throw new IllegalStateException("getInputStream() has already been called for this request");
        }
        if (reader == null) {
            reader = new BufferedReader(new InputStreamReader(body, charset()));
        }
        return reader;
    }

    private Charset charset() throws UnsupportedEncodingException {
        String encoding = getCharacterEncoding();
        if (encoding == null) {
            return StandardCharsets.UTF_8;
        }
        try {
            return Charset.forName(encoding.trim());
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new UnsupportedEncodingException(encoding);
        }
    }
}
