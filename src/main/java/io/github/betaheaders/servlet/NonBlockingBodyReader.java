package io.github.betaheaders.servlet;

import io.github.betaheaders.body.BodyBufferBudget;
import io.github.betaheaders.body.ModelSource;
import io.github.betaheaders.core.BetaMapping;
import io.github.betaheaders.core.ModelQuarantine;
import io.github.betaheaders.metrics.RequestTally;
import io.github.betaheaders.metrics.UntouchedReason;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.List;

/**
 * Reads a JSON body without blocking (Servlet 3.1 non-blocking I/O), so that a client sending its body slowly holds no
 * container thread, then continues with the rewritten request in an ASYNC dispatch ({@link #continueChain}).
 *
 * <p>How: the filter starts asynchronous processing with a {@link BufferedBodyRequest#pending} request and sets this
 * listener on the container's stream; the original dispatch returns at once. Bytes go into a {@link BodyBuffer} as they
 * arrive. On {@code onAllDataRead} the body is rewritten, given to the pending request, and the request dispatched:
 * the proxy servlet (Jetty's ProxyServlet, which goes asynchronous itself, or MITRE's, which is blocking) serves it as
 * it serves any request.
 *
 * <p>A body with a declared length within {@code maxBodyBytes} has its share of {@code maxBufferedBytes} reserved
 * before the start (memory is still allocated as bytes arrive), so it cannot outgrow a bound half way. A body without
 * a length (chunked) takes its share as it grows; when it passes {@code maxBodyBytes}, or the budget refuses to grow,
 * the chain goes on at once with the bytes so far followed by the rest of the client's stream, which
 * {@link NonBlockingRestStream} serves to a proxy servlet that reads blocking (a stream this listener was set on).
 * Callbacks the container still makes on this listener after that hand-over read nothing; a reported error is passed
 * on to that rest. Other outcomes, each answered as without the filter, never by a hang or a held thread:
 * <ul>
 *   <li>the read fails (client gone, idle timeout): the chain continues with the bytes so far followed by the failure,
 *       so the proxy servlet meets it as it would have;</li>
 *   <li>the client stops sending: the container's own idle timeout (Tomcat's {@code connectionTimeout}, Jetty's
 *       {@code idleTimeout}) fails the read, as above. The read itself has no async timeout ({@code setTimeout(0)}):
 *       a body that keeps arriving, however slowly, is never cut off by a deadline the request would not have had
 *       without the filter (a large body on a slow link);</li>
 *   <li>should an async timeout pass anyway while the body is still arriving: {@code 408 Request Timeout}.</li>
 * </ul>
 * The body's share of {@code maxBufferedBytes} is given back when the request ends.
 */
final class NonBlockingBodyReader implements ReadListener, AsyncListener {

    private static final System.Logger LOG = System.getLogger(NonBlockingBodyReader.class.getName());

    private enum State { READING, HANDED, ENDED }

    private final RequestBodyReader rewriter;
    private final HttpServletRequest http;
    private final BufferedBodyRequest pending;
    private final ServletResponse response;
    private final String provider;
    private final BetaMapping mapping;
    private final ModelSource model;
    private final ModelQuarantine quarantined;
    private final List<String> headerBetas;
    private final BodyBufferBudget.Reservation reservation;
    private final RequestTally tally;
    private final BodyBuffer buffer;
    private final ServletInputStream in;
    private final boolean chunked;
    private final AsyncContext context;
    private volatile State state = State.READING;
    /** The rest of the body, once handed over half way; null otherwise. */
    private volatile NonBlockingRestStream rest;
    private final byte[] endProbe = new byte[1];

    private NonBlockingBodyReader(RequestBodyReader rewriter, HttpServletRequest http, BufferedBodyRequest pending,
                                  ServletResponse response, String provider, BetaMapping mapping,
                                  ModelSource model, ModelQuarantine quarantined,
                                  List<String> headerBetas,
                                  BodyBufferBudget.Reservation reservation,
                                  RequestTally tally, ServletInputStream in, AsyncContext context) {
        this.rewriter = rewriter;
        this.http = http;
        this.pending = pending;
        this.response = response;
        this.provider = provider;
        this.mapping = mapping;
        this.model = model;
        this.quarantined = quarantined;
        this.headerBetas = headerBetas;
        this.reservation = reservation;
        this.tally = tally;
        this.buffer = rewriter.bufferFor(http, reservation);
        this.in = in;
        this.chunked = http.getContentLengthLong() < 0;
        this.context = context;
    }

    /**
     * Starts reading the body of {@code http} without blocking; the caller returns from {@code doFilter} right after.
     * False, with nothing started, when the container refuses (then the caller reads blocking).
     *
     * @param http the request the filter forwards so far (the container's, or with the header rewritten)
     */
    static boolean start(RequestBodyReader rewriter, HttpServletRequest http, ServletResponse response,
                         String provider, BetaMapping mapping, ModelSource model, ModelQuarantine quarantined,
                         List<String> headerBetas, BodyBufferBudget.Reservation reservation, RequestTally tally) {
        ServletInputStream in;
        BufferedBodyRequest pending = BufferedBodyRequest.pending(http);
        AsyncContext context;
        try {
            in = http.getInputStream();
            context = http.startAsync(pending, response);
        } catch (IllegalStateException | IOException e) {
            LOG.log(Level.DEBUG, () -> RequestLabel.of(http) + ": body not readable without blocking ("
                    + e + ")");
            return false;
        }
        pending.startedByFilter(context);
        context.setTimeout(0);
        NonBlockingBodyReader reader = new NonBlockingBodyReader(rewriter, http, pending, response, provider,
                mapping, model, quarantined, headerBetas, reservation, tally, in, context);
        context.addListener(reader);
        in.setReadListener(reader);
        return true;
    }

    @Override
    public void onDataAvailable() throws IOException {
        if (state != State.READING) {
            return; // handed over: the rest is the proxy servlet's to read (NonBlockingRestStream)
        }
        while (in.isReady()) {
            int room = buffer.room();
            if (room == BodyBuffer.REFUSED) {
                // A chunked body past what is left of maxBufferedBytes (a declared length reserved its share).
                tally.untouched(UntouchedReason.OVER_BUFFER_BUDGET);
                handOver(rewriter.overBudget(pending.getRequestWithoutBody(), buffer, rest()));
                return;
            }
            if (room == 0) {
                // All declared bytes are in (their share was reserved at the start): reading on meets the end, which
                // is when a container calls onAllDataRead (Jetty needs the read).
                if (in.read(endProbe) < 0) {
                    return;
                }
                continue;
            }
            int n = in.read(buffer.bytes(), buffer.length(), room);
            if (n < 0) {
                return;
            }
            buffer.added(n);
            if (chunked && buffer.full()) {
                // Past maxBodyBytes: handed over at once, nothing more is read here (what follows is the rest's).
                handOver(rewriter.received(pending.getRequestWithoutBody(), provider, mapping, model, quarantined,
                        headerBetas, buffer, rest(), tally));
                return;
            }
        }
    }

    private ServletInputStream rest() {
        NonBlockingRestStream made = rewriter.restAfterHandOver(in);
        rest = made;
        return made;
    }

    /** The body stopped half way: the chain goes on with the bytes so far followed by the rest as it streams. */
    private void handOver(HttpServletRequest made) {
        settle(made);
        rewriter.finish(tally, response);
        continueChain();
    }

    @Override
    public void onAllDataRead() {
        if (state != State.READING) {
            return;
        }
        settle(rewriter.received(pending.getRequestWithoutBody(), provider, mapping, model, quarantined, headerBetas,
                buffer, null, tally));
        rewriter.finish(tally, response);
        continueChain();
    }

    @Override
    public void onError(Throwable t) {
        if (state != State.READING) {
            NonBlockingRestStream handed = rest;
            if (handed != null) {
                handed.failed(t);
            }
            return;
        }
        // The client's problem: whoever reads the body next meets the same error after the bytes read so far.
        LOG.log(Level.DEBUG, () -> RequestLabel.of(http) + ": reading the body failed (" + t + ")");
        IOException failure = t instanceof IOException io ? io : new IOException(t);
        pending.settleReplaying(buffer.bytes(), buffer.length(), null, failure);
        tally.untouched(UntouchedReason.BODY_UNREADABLE);
        rewriter.finish(tally, response);
        continueChain();
    }

    /** Copies the body of the request {@link RequestBodyReader#received} made into the pending request. */
    private void settle(HttpServletRequest made) {
        if (made instanceof BufferedBodyRequest done) {
            pending.settleFrom(done);
        } else {
            pending.settleComplete(buffer.bytes(), buffer.length());
        }
    }

    /**
     * Continues with the rest of the chain, in a new (ASYNC) dispatch of the request with its body, the only way
     * that works in both containers: Tomcat releases the filter chain when the original dispatch returns, so calling it
     * later finds no servlet. The filter sees the dispatch and lets it through ({@code isRewrittenAlready}); a servlet
     * that does not go asynchronous itself has the request completed when it returns, one that does starts a new
     * cycle.
     */
    private void continueChain() {
        if (state == State.ENDED) {
            return;
        }
        state = State.HANDED;
        pending.startedByFilter(null);
        try {
            context.dispatch();
        } catch (IllegalStateException e) {
            LOG.log(Level.DEBUG, () -> RequestLabel.of(http) + ": the request ended (" + e + ")");
        }
    }

    private void complete() {
        try {
            context.complete();
        } catch (IllegalStateException e) {
            // Completed or dispatched already.
        }
    }

    @Override
    public void onComplete(AsyncEvent event) {
        ended();
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        if (state != State.READING) {
            return;
        }
        state = State.ENDED;
        LOG.log(Level.DEBUG, () -> RequestLabel.of(http) + ": the body did not arrive in time");
        tally.untouched(UntouchedReason.BODY_UNREADABLE);
        tally.finish();
        if (!response.isCommitted() && response instanceof HttpServletResponse web) {
            web.setStatus(HttpServletResponse.SC_REQUEST_TIMEOUT);
            web.setHeader("Connection", "close");
        }
        complete();
    }

    @Override
    public void onError(AsyncEvent event) {
        NonBlockingRestStream handed = rest;
        if (handed != null && event.getThrowable() != null) {
            handed.failed(event.getThrowable());
        }
        reservation.close();
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        AsyncContext next = event.getAsyncContext();
        if (next != null) {
            next.addListener(this);
        }
    }

    private void ended() {
        state = State.ENDED;
        NonBlockingRestStream handed = rest;
        if (handed != null) {
            handed.ended();
        }
        reservation.close();
    }
}
