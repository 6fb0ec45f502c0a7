package io.github.betaheaders.servlet;

import io.github.betaheaders.learn.BetaRefusal;
import io.github.betaheaders.learn.BetaRefusalParser;
import io.github.betaheaders.learn.Quarantine;
import io.github.betaheaders.metrics.RequestTally;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.Set;

/**
 * Watches the answer to one request for {@code learnFromRejections}, without delaying or holding any of it: every
 * byte is written through at once. Only when the status is 400 and the answer is not content-encoded are its first
 * {@link BetaRefusalParser#MAX_BYTES} bytes copied aside as they pass; any other answer (a stream, a success) is
 * only looked at for its status.
 *
 * <p>The verdict comes once, when the answer is complete, or as soon as the copy is full: a 2xx tells the
 * {@link Quarantine} that the request's betas succeeded, a 400 whose text refuses betas ({@link BetaRefusalParser})
 * that they were refused. The end of the answer may come on another thread than the request's (an asynchronous proxy
 * servlet): {@link #dispatchReturned} decides at once when the request is not asynchronous, else listens for the end
 * of the asynchronous cycle (and of any cycle started after it).
 */
final class AnswerWatch extends HttpServletResponseWrapper implements AsyncListener {

    private static final System.Logger LOG = System.getLogger(AnswerWatch.class.getName());
    private static final int UNDECIDED = 0;
    private static final int COPYING = 1;
    private static final int PASSING = 2;

    private final Quarantine quarantine;
    private final String provider;
    /** The model the request's quarantine was decided for: the path's, then the body's once read. */
    private volatile String model;
    private final RequestTally tally;
    private final boolean unnamedApplies;
    private final String request;
    private WatchingStream stream;
    /** What writes do: set once by the first write. */
    private volatile int mode = UNDECIDED;
    private byte[] copy;
    private int copied;
    private boolean decided;

    /**
     * @param tally          the request's tally: the betas it forwarded are read from it when the verdict comes
     * @param unnamedApplies whether the request was forwarded with the tallied betas (enforce mode)
     */
    AnswerWatch(HttpServletResponse response, Quarantine quarantine, String provider, String model,
                RequestTally tally, boolean unnamedApplies, String request) {
        super(response);
        this.quarantine = quarantine;
        this.provider = provider;
        this.model = model;
        this.tally = tally;
        this.unnamedApplies = unnamedApplies;
        this.request = request;
    }

    /** The request's model turned out to be {@code model} (its body's): the verdict is for that model. */
    void model(String model) {
        this.model = model;
    }

    @Override
    public synchronized ServletOutputStream getOutputStream() throws IOException {
        ServletOutputStream out = super.getOutputStream();
        if (stream == null || stream.out != out) {
            stream = new WatchingStream(out);
        }
        return stream;
    }

    /**
     * The dispatch that carried the request through the chain returned: decides now when the answer is complete,
     * else when its asynchronous processing ends.
     */
    void dispatchReturned(HttpServletRequest http) {
        if (http.isAsyncStarted()) {
            try {
                http.getAsyncContext().addListener(this);
                return;
            } catch (IllegalStateException e) {
                // Completed meanwhile: decide below.
            }
        }
        decide();
    }

    /** No verdict for this answer (the chain failed before it was made). */
    void forget() {
        synchronized (this) {
            decided = true;
            copy = null;
        }
    }

    private int firstWrite() {
        synchronized (this) {
            if (mode == UNDECIDED) {
                boolean refusal = getStatus() == HttpServletResponse.SC_BAD_REQUEST && identity(getHeader(
                        "Content-Encoding"));
                if (refusal) {
                    copy = new byte[BetaRefusalParser.MAX_BYTES];
                }
                mode = refusal ? COPYING : PASSING;
            }
            return mode;
        }
    }

    private static boolean identity(String encoding) {
        return encoding == null || encoding.isBlank() || encoding.trim().equalsIgnoreCase("identity");
    }

    private void copied(byte[] b, int off, int len) {
        boolean full;
        synchronized (this) {
            if (decided || copy == null) {
                return;
            }
            int n = Math.min(len, copy.length - copied);
            System.arraycopy(b, off, copy, copied, n);
            copied += n;
            full = copied == copy.length;
        }
        if (full) {
            decide();
        }
    }

    private void copied(int b) {
        copied(new byte[] {(byte) b}, 0, 1);
    }

    /** Tells the quarantine what the answer showed; once. Never throws: the answer is the provider's, not ours. */
    void decide() {
        byte[] bytes;
        int length;
        synchronized (this) {
            if (decided) {
                return;
            }
            decided = true;
            bytes = copy;
            length = copied;
            copy = null;
        }
        try {
            int status = getStatus();
            if (status >= 200 && status < 300) {
                quarantine.succeeded(provider, model, tally.forwarded());
                return;
            }
            if (status != HttpServletResponse.SC_BAD_REQUEST || bytes == null || length == 0) {
                return;
            }
            BetaRefusal refusal = BetaRefusalParser.parse(bytes, length);
            if (refusal == null) {
                return;
            }
            Set<String> forwarded = tally.forwarded();
            quarantine.refused(provider, model, forwarded, refusal, unnamedApplies, request);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, request + ": learning from the answer failed; nothing learned", e);
        }
    }

    @Override
    public void onComplete(AsyncEvent event) {
        decide();
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        // The container completes the request next (onComplete), with the status it ends with.
    }

    @Override
    public void onError(AsyncEvent event) {
        // As onTimeout.
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        if (event.getAsyncContext() != null) {
            event.getAsyncContext().addListener(this);
        }
    }

    /** The container's stream, with a copy of a 400 answer's first bytes taken on the way. */
    private final class WatchingStream extends ServletOutputStream {

        final ServletOutputStream out;

        WatchingStream(ServletOutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            int m = mode;
            if (m == UNDECIDED) {
                m = firstWrite();
            }
            out.write(b);
            if (m == COPYING) {
                copied(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            int m = mode;
            if (m == UNDECIDED) {
                m = firstWrite();
            }
            out.write(b, off, len);
            if (m == COPYING) {
                copied(b, off, len);
            }
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
            if (mode == COPYING) {
                decide();
            }
        }

        @Override
        public boolean isReady() {
            return out.isReady();
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            out.setWriteListener(listener);
        }
    }
}
