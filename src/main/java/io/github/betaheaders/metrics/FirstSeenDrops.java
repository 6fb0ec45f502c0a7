package io.github.betaheaders.metrics;

import java.lang.System.Logger.Level;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Logs a WARNING the first time a provider drops a beta that its mapping section does not mention, once per provider
 * and name per mapping revision (its sha256), so that a new client release shows in the log on its first request.
 * Remembers at most {@code maxNames} names per revision, none longer than {@link BoundedNames#MAX_NAME_CHARS}; past
 * that it says so once and stays quiet. The last {@value #REVISIONS_REMEMBERED} revisions are remembered, so that a
 * mapping that comes back (reloads alternating between two documents) is not warned about again.
 */
final class FirstSeenDrops {

    private static final System.Logger LOG = System.getLogger(FirstSeenDrops.class.getName());

    /** One mapping revision's names seen, per provider; {@code size} counts them over all providers. */
    private record Revision(String sha256, ConcurrentHashMap<String, Set<String>> seen, AtomicInteger size,
                            AtomicBoolean full) {
        Revision(String sha256) {
            this(sha256, new ConcurrentHashMap<>(), new AtomicInteger(), new AtomicBoolean());
        }
    }

    /** How many recent revisions keep their names seen. */
    static final int REVISIONS_REMEMBERED = 4;

    private final int maxNames;
    private final boolean report;
    private volatile Revision current = new Revision("");
    /** The recent revisions by sha256, least recently active first; guarded by itself (reloads only). */
    private final LinkedHashMap<String, Revision> recent = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Revision> eldest) {
            return size() > REVISIONS_REMEMBERED;
        }
    };

    FirstSeenDrops(int maxNames, boolean report) {
        this.maxNames = maxNames;
        this.report = report;
    }

    /** A mapping is active: a new one's names may each be warned about once; a recent one's stay remembered. */
    void revision(String sha256) {
        synchronized (recent) {
            if (!current.sha256().equals(sha256)) {
                current = recent.computeIfAbsent(sha256, Revision::new);
            }
        }
    }

    /** The current revision, compared by identity: a new one means every name may be warned about again. */
    Object revision() {
        return current;
    }

    /** {@code beta}, an HTTP token, was dropped for {@code provider} because its section does not mention it. */
    void dropped(String provider, String beta, RequestTally tally) {
        if (beta.length() > BoundedNames.MAX_NAME_CHARS) {
            return; // counted as "other"; not remembered, nor logged
        }
        Revision revision = current;
        Set<String> seen = revision.seen().get(provider);
        if (seen != null && seen.contains(beta)) {
            return; // the usual case: no allocation
        }
        if (seen == null) {
            seen = revision.seen().computeIfAbsent(provider, p -> ConcurrentHashMap.newKeySet());
        }
        if (revision.size().get() >= maxNames) {
            if (revision.full().compareAndSet(false, true)) {
                LOG.log(Level.WARNING, "more than " + maxNames + " betas that no mapping section mentions were "
                        + (report ? "seen" : "dropped") + " with the mapping sha256 " + revision.sha256()
                        + "; later ones are counted (as beta \"" + BoundedNames.OTHER + "\" in the metrics) but not "
                        + "logged");
            }
            return;
        }
        if (seen.add(beta)) {
            revision.size().incrementAndGet();
            LOG.log(Level.WARNING, provider + ": " + (report ? "would drop (report mode) beta [" : "dropped beta [")
                    + beta + "], which its mapping section does not mention; first seen on " + tally.request()
                    + " (logged once per beta and mapping document)");
        }
    }
}
