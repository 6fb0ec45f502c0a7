package io.github.betaheaders.servlet;

import io.github.betaheaders.body.BodyBetaRewriter;
import io.github.betaheaders.body.BodyBufferBudget;
import io.github.betaheaders.body.BodyRewrite;
import io.github.betaheaders.body.JsonMediaType;
import io.github.betaheaders.body.ModelSource;
import io.github.betaheaders.core.BetaMapping;
import io.github.betaheaders.core.BetaRules;
import io.github.betaheaders.core.FilterSettings;
import io.github.betaheaders.core.ModelQuarantine;
import io.github.betaheaders.metrics.RequestTally;
import io.github.betaheaders.metrics.UntouchedReason;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.Enumeration;
import java.util.List;

/**
 * The servlet side of body rewriting: decides whether a request's body is one to read, reads it (at most
 * {@code maxBodyBytes}, in a {@link BodyBuffer} within the {@code maxBufferedBytes} budget), has
 * {@link BodyBetaRewriter} rewrite its beta arrays, and returns the request to forward. Never fails the request: a body
 * too large, over the budget, with too many betas, unreadable or not JSON goes on byte for byte. Blocking reads here;
 * non-blocking ones in {@link NonBlockingBodyReader}.
 */
final class RequestBodyReader {

    private static final System.Logger LOG = System.getLogger(RequestBodyReader.class.getName());
    private static final String CONTENT_ENCODING = "Content-Encoding";

    private final long maxBodyBytes;
    private final int maxBetas;
    private final BodyBetaRewriter bodies;
    private final BodyBufferBudget budget;
    private final CauseWarnings warnings = new CauseWarnings(LOG);
    private final boolean report;
    private final boolean reportDroppedBetas;
    private final long bodyIdleSeconds;

    RequestBodyReader(FilterSettings settings, BetaRules rules, BodyBufferBudget budget) {
        this.maxBodyBytes = settings.maxBodyBytes();
        this.maxBetas = settings.maxBetas();
        this.bodies = new BodyBetaRewriter(rules, maxBetas);
        this.budget = budget;
        this.report = settings.report();
        this.reportDroppedBetas = settings.reportDroppedBetas();
        this.bodyIdleSeconds = settings.bodyIdleTimeoutSeconds();
    }

    /**
     * The rest of a body whose non-blocking read stopped half way, for the proxy servlet to read blocking; where it is
     * polled, a read fails after {@code bodyIdleTimeoutSeconds} without a byte.
     */
    NonBlockingRestStream restAfterHandOver(ServletInputStream container) {
        return new NonBlockingRestStream(container, bodyIdleSeconds);
    }

    /**
     * The request's header and body are settled: counts it, and with {@code reportDroppedBetas} sets the answer
     * headers, before the chain goes on (here or in the ASYNC dispatch of a non-blocking read).
     */
    void finish(RequestTally tally, ServletResponse response) {
        tally.finish();
        if (reportDroppedBetas) {
            AnswerHeaders.set(response, tally);
        }
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
     * Whether all {@code declared} bytes of the body are already in the container's buffer, so that reading them
     * cannot block (the usual case for a small body sent with its headers): then it is read at once, without the
     * round trip of asynchronous processing. Nothing is read here.
     */
    boolean arrivedWhole(HttpServletRequest request, long declared) {
        try {
            return request.getInputStream().available() >= declared;
        } catch (IOException | IllegalStateException e) {
            return false;
        }
    }

    /**
     * Whether the body declares a length over {@code maxBodyBytes}: then it is not read at all (logged here), and
     * goes on as it streams.
     */
    boolean declaredTooLarge(HttpServletRequest http) {
        long max = maxBodyBytes;
        long declared = http.getContentLengthLong();
        if (declared <= max) {
            return false;
        }
        LOG.log(Level.WARNING, () -> RequestLabel.of(http) + ": its body of " + declared + " bytes is larger than ["
                + FilterSettings.MAX_BODY_BYTES + "] (" + max + "), so it is forwarded as it is and its "
                + "anthropic_beta is not rewritten");
        return true;
    }

    /** A buffer for the body of {@code http}, within the given share of the budget. */
    BodyBuffer bufferFor(HttpServletRequest http, BodyBufferBudget.Reservation reservation) {
        long declared = http.getContentLengthLong();
        return new BodyBuffer(declared >= 0 ? declared : maxBodyBytes + 1, reservation);
    }

    /**
     * Reads the body of {@code request} (the request the filter forwards so far: the container's, or with the header
     * rewritten) with blocking reads, and returns it with that body, rewritten where its betas are. Call only when
     * {@link #declaredTooLarge} is false.
     *
     * @param quarantined betas dropped for the request's provider, by its model ({@code learnFromRejections})
     * @param headerBetas betas to merge into the body array ({@code bedrockHeaderBetasToBody}), or empty
     * @param reservation this request's share of {@code maxBufferedBytes}; the caller closes it when the request ends
     */
    HttpServletRequest read(HttpServletRequest request, String provider, BetaMapping mapping, ModelSource model,
                            ModelQuarantine quarantined, List<String> headerBetas,
                            BodyBufferBudget.Reservation reservation, RequestTally tally) {
        ServletInputStream in;
        try {
            in = request.getInputStream();
        } catch (IllegalStateException | IOException e) {
            LOG.log(Level.DEBUG, () -> RequestLabel.of(request) + ": body not readable by the filter (" + e + ")");
            tally.untouched(UntouchedReason.BODY_UNREADABLE);
            return request;
        }
        BodyBuffer buffer = bufferFor(request, reservation);
        try {
            for (;;) {
                int room = buffer.room();
                if (room == BodyBuffer.REFUSED) {
                    tally.untouched(UntouchedReason.OVER_BUFFER_BUDGET);
                    return overBudget(request, buffer, in);
                }
                if (room == 0) {
                    break;
                }
                int n = in.read(buffer.bytes(), buffer.length(), room);
                if (n < 0) {
                    break;
                }
                buffer.added(n);
            }
        } catch (IOException e) {
            // The client's problem: whoever reads the body next meets the same error after the bytes read so far.
            LOG.log(Level.DEBUG, () -> RequestLabel.of(request) + ": reading the body failed (" + e + ")");
            tally.untouched(UntouchedReason.BODY_UNREADABLE);
            return BufferedBodyRequest.replaying(request, buffer.bytes(), buffer.length(), in, e);
        }
        return received(request, provider, mapping, model, quarantined, headerBetas, buffer, in, tally);
    }

    /**
     * The request to forward once the body has arrived in {@code buffer} (or {@code limit} bytes of it did):
     * rewritten (in report mode: as it came, the rewrite only tallied), or, for a body without a length that outgrew
     * {@code maxBodyBytes}, the bytes so far followed by {@code rest}.
     */
    HttpServletRequest received(HttpServletRequest request, String provider, BetaMapping mapping,
                                ModelSource model, ModelQuarantine quarantined, List<String> headerBetas,
                                BodyBuffer buffer, ServletInputStream rest, RequestTally tally) {
        long max = maxBodyBytes;
        boolean chunked = request.getContentLengthLong() < 0;
        if (chunked && buffer.length() > max) {
            tally.untouched(UntouchedReason.BODY_TOO_LARGE);
            LOG.log(Level.WARNING, () -> RequestLabel.of(request) + ": its body is larger than [" + FilterSettings.MAX_BODY_BYTES
                    + "] (" + max + "), so it is forwarded as it is and its anthropic_beta is not rewritten");
            return BufferedBodyRequest.replaying(request, buffer.bytes(), buffer.length(), rest, null);
        }
        if (chunked && buffer.length() == 0) {
            return request;
        }
        byte[] bytes = buffer.bytes();
        int length = buffer.length();
        BodyRewrite rewrite;
        try {
            rewrite = report ? bodies.rewrite(mapping, provider, model, quarantined, bytes, length, headerBetas)
                    : bodies.rewriteInPlace(mapping, provider, model, quarantined, bytes, length, headerBetas);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, RequestLabel.of(request) + ": rewriting the body failed; request as it is", e);
            tally.untouched(UntouchedReason.REWRITE_FAILED);
            return BufferedBodyRequest.complete(request, bytes, length);
        }
        tally(rewrite, tally);
        if (rewrite.model() != null && request instanceof BetaHeaderRequest header) {
            header.bodyModel(rewrite.model());
        }
        if (rewrite.outcome() == BodyRewrite.Outcome.TOO_MANY_BETAS) {
            warnings.warn(FilterSettings.MAX_BETAS + " in a body", () -> RequestLabel.of(request) + ": an anthropic_beta array in its body "
                    + "has more than [" + FilterSettings.MAX_BETAS + "] (" + maxBetas + ") items, so the body is "
                    + "request as it is and its anthropic_beta is not rewritten");
        }
        log(request, provider, rewrite);
        if (report) {
            return BufferedBodyRequest.complete(request, bytes, length);
        }
        return BufferedBodyRequest.complete(request, rewrite.body(), rewrite.length());
    }

    private static void tally(BodyRewrite rewrite, RequestTally tally) {
        switch (rewrite.outcome()) {
            case NOT_JSON -> tally.untouched(UntouchedReason.NOT_JSON);
            case NOT_AN_ARRAY_OF_STRINGS -> tally.untouched(UntouchedReason.NOT_AN_ARRAY_OF_STRINGS);
            case TOO_MANY_BETAS -> tally.untouched(UntouchedReason.TOO_MANY_BETAS);
            case REWRITTEN -> {
                tally.body(rewrite.results());
                tally.changed();
            }
            default -> tally.body(rewrite.results());
        }
    }

    /** The budget refused to hold more of this body: what arrived so far, then the rest as it streams. */
    HttpServletRequest overBudget(HttpServletRequest request, BodyBuffer buffer,
                                  ServletInputStream rest) {
        warnings.warn(FilterSettings.MAX_BUFFERED_BYTES, () -> RequestLabel.of(request) + ": the bodies held by the filter "
                + "would pass [" + FilterSettings.MAX_BUFFERED_BYTES + "] (" + budget.max() + " bytes), so this body "
                + "is forwarded as it streams and its anthropic_beta is not rewritten");
        return BufferedBodyRequest.replaying(request, buffer.bytes(), buffer.length(), rest, null);
    }

    /** A body whose declared length does not fit in what is left of the budget: not read, forwarded as it streams. */
    void overBudgetUnread(HttpServletRequest http) {
        warnings.warn(FilterSettings.MAX_BUFFERED_BYTES, () -> RequestLabel.of(http) + ": the bodies held by the filter "
                + "would pass [" + FilterSettings.MAX_BUFFERED_BYTES + "] (" + budget.max() + " bytes), so this body "
                + "is forwarded as it streams and its anthropic_beta is not rewritten");
    }

    private static void log(HttpServletRequest request, String provider, BodyRewrite rewrite) {
        if (!LOG.isLoggable(Level.DEBUG)) {
            return;
        }
        switch (rewrite.outcome()) {
            case NOT_JSON -> LOG.log(Level.DEBUG, RequestLabel.of(request) + ": body is not well-formed JSON; forwarded as "
                    + "it is");
            case NOT_AN_ARRAY_OF_STRINGS -> LOG.log(Level.DEBUG, RequestLabel.of(request) + ": anthropic_beta in the body "
                    + "is not an array of strings; forwarded as it is");
            case REWRITTEN -> rewrite.results().forEach(r -> LOG.log(Level.DEBUG, "anthropic_beta in the body for "
                    + "provider [" + provider + "] on " + request.getMethod() + " " + request.getRequestURI()
                    + ": dropped " + r.dropped() + ", renamed " + r.renamed() + ", forwarding " + r.betas()));
            default -> {
            }
        }
    }

}
