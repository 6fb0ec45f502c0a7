package io.github.betaheaders.servlet;

import io.github.betaheaders.body.BodyBetaRewriter;
import io.github.betaheaders.body.BodyRewrite;
import io.github.betaheaders.body.JsonMediaType;
import io.github.betaheaders.core.BetaMapping;
import io.github.betaheaders.core.BetaRewriter;
import io.github.betaheaders.core.FilterSettings;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;

/**
 * The servlet side of body rewriting: decides whether a request's body is one to read, reads it (at most
 * {@code maxBodyBytes}), has {@link BodyBetaRewriter} rewrite its beta arrays, and returns the request to forward.
 * Never fails the request: a body too large, unreadable or not JSON goes on byte for byte.
 */
final class RequestBodyRewriter {

    private static final System.Logger LOG = System.getLogger(AnthropicBetaHeadersFilter.class.getName());
    private static final String CONTENT_ENCODING = "Content-Encoding";
    private static final int FIRST_READ_BYTES = 16 * 1024;

    private final long maxBodyBytes;
    private final BodyBetaRewriter bodies;

    RequestBodyRewriter(long maxBodyBytes, BetaRewriter rules) {
        this.maxBodyBytes = maxBodyBytes;
        this.bodies = new BodyBetaRewriter(rules);
    }

    /**
     * Cheap checks, no allocation for a request that is not JSON: a body the filter may read and rewrite is JSON, not
     * content-encoded, not empty, and seen on the request's first dispatch (later dispatches have it read already).
     */
    boolean applies(HttpServletRequest request) {
        return maxBodyBytes > 0
                && JsonMediaType.matches(request.getContentType())
                && request.getContentLengthLong() != 0
                && request.getDispatcherType() == DispatcherType.REQUEST
                && isIdentity(request.getHeaders(CONTENT_ENCODING));
    }

    private static boolean isIdentity(Enumeration<String> encodings) {
        while (encodings != null && encodings.hasMoreElements()) {
            for (String encoding : encodings.nextElement().split(",")) {
                String trimmed = encoding.trim();
                if (!trimmed.isEmpty() && !trimmed.equalsIgnoreCase("identity")) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Reads the body of {@code http} and returns {@code forwarded} (the request the filter forwards so far) with that
     * body, rewritten where its betas are.
     *
     * @param headerBetas betas to merge into the body array ({@code bedrockHeaderBetasToBody}), or empty
     */
    HttpServletRequest rewrite(HttpServletRequest http, HttpServletRequest forwarded, String provider,
                               BetaMapping mapping, List<String> headerBetas) {
        long max = maxBodyBytes;
        long declared = http.getContentLengthLong();
        if (declared > max) {
            LOG.log(Level.WARNING, () -> describe(http) + ": its body of " + declared + " bytes is larger than ["
                    + FilterSettings.MAX_BODY_BYTES + "] (" + max + "), so it is forwarded as it is and its "
                    + "anthropic_beta is not rewritten");
            return forwarded;
        }
        ServletInputStream in;
        try {
            in = http.getInputStream();
        } catch (IllegalStateException | IOException e) {
            LOG.log(Level.DEBUG, () -> describe(http) + ": body not readable by the filter (" + e + ")");
            return forwarded;
        }
        long limit = declared >= 0 ? declared : max + 1;
        byte[] buffer = new byte[(int) Math.min(limit, declared >= 0 ? limit : FIRST_READ_BYTES)];
        int length = 0;
        try {
            for (;;) {
                length += in.readNBytes(buffer, length, buffer.length - length);
                if (length < buffer.length || length == limit) {
                    break;
                }
                buffer = Arrays.copyOf(buffer, (int) Math.min(limit, buffer.length * 2L));
            }
        } catch (IOException e) {
            // The client's problem: whoever reads the body next meets the same error after the bytes read so far.
            LOG.log(Level.DEBUG, () -> describe(http) + ": reading the body failed (" + e + ")");
            return BufferedBodyRequest.replaying(forwarded, buffer, length, in, e);
        }
        if (declared < 0 && length > max) {
            LOG.log(Level.WARNING, () -> describe(http) + ": its body is larger than [" + FilterSettings.MAX_BODY_BYTES
                    + "] (" + max + "), so it is forwarded as it is and its anthropic_beta is not rewritten");
            return BufferedBodyRequest.replaying(forwarded, buffer, length, in, null);
        }
        if (declared < 0 && length == 0) {
            return forwarded;
        }
        BodyRewrite rewrite;
        try {
            rewrite = bodies.rewriteInPlace(mapping, provider, buffer, length, headerBetas);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, describe(http) + ": rewriting the body failed; forwarded as it is", e);
            return BufferedBodyRequest.complete(forwarded, buffer, length);
        }
        log(http, provider, rewrite);
        return BufferedBodyRequest.complete(forwarded, rewrite.body(), rewrite.length());
    }

    private static void log(HttpServletRequest request, String provider, BodyRewrite rewrite) {
        if (!LOG.isLoggable(Level.DEBUG)) {
            return;
        }
        switch (rewrite.outcome()) {
            case NOT_JSON -> LOG.log(Level.DEBUG, describe(request) + ": body is not well-formed JSON; forwarded as "
                    + "it is");
            case NOT_AN_ARRAY_OF_STRINGS -> LOG.log(Level.DEBUG, describe(request) + ": anthropic_beta in the body "
                    + "is not an array of strings; forwarded as it is");
            case REWRITTEN -> rewrite.results().forEach(r -> LOG.log(Level.DEBUG, "anthropic_beta in the body for "
                    + "provider [" + provider + "] on " + request.getMethod() + " " + request.getRequestURI()
                    + ": dropped " + r.dropped() + ", renamed " + r.renamed() + ", forwarding " + r.betas()));
            default -> {
            }
        }
    }

    static String describe(HttpServletRequest request) {
        return "request " + request.getMethod() + " " + request.getRequestURI();
    }
}
