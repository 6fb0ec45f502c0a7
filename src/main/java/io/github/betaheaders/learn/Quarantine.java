package io.github.betaheaders.learn;

import io.github.betaheaders.core.QuarantinedBetas;
import io.github.betaheaders.metrics.BetaCounters;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Learning from the provider's refusals ({@code learnFromRejections}): what the filter asks on each request (the betas
 * to drop for its provider and model) and tells after each answer (which betas succeeded, which were refused).
 *
 * <ul>
 *   <li>A refusal that names betas quarantines those of them the request carried.</li>
 *   <li>A refusal that names none (Bedrock's "invalid beta flag") quarantines the request's betas that no successful
 *       request of that provider and model forwarded within the quarantine's length ({@link AcceptedBetas}); when
 *       all of them were, nothing.</li>
 *   <li>A quarantine lasts {@code length}, then the beta is forwarded again; an operator removes one sooner with
 *       {@link #remove}. At most {@link #MAX_ENTRIES} entries are kept; past it new refusals are logged only.</li>
 * </ul>
 * Each quarantine is logged at WARNING with the refusal's text and counted. The request path reads an immutable
 * snapshot ({@link QuarantineStore#current()}); nothing here blocks it.
 */
public final class Quarantine {

    /** The most entries quarantined at once. */
    public static final int MAX_ENTRIES = 1000;

    private static final System.Logger LOG = System.getLogger(Quarantine.class.getName());

    private final QuarantineStore store;
    private final AcceptedBetas accepted;
    private final Duration length;
    private final Clock clock;
    private final BetaCounters counters;
    private final String component;

    /**
     * @param length    how long a quarantine lasts; also how long an accepted beta counts as accepted
     * @param component what the log lines name, such as {@code filter [AnthropicBetaHeadersFilter]}
     */
    public Quarantine(QuarantineStore store, Duration length, Clock clock, BetaCounters counters, String component) {
        this(store, new AcceptedBetas(AcceptedBetas.MAX_ENTRIES, length), length, clock, counters, component);
    }

    Quarantine(QuarantineStore store, AcceptedBetas accepted, Duration length, Clock clock, BetaCounters counters,
               String component) {
        this.store = Objects.requireNonNull(store, "store");
        this.accepted = accepted;
        this.length = length;
        this.clock = clock;
        this.counters = counters;
        this.component = component;
    }

    /** The betas to drop for {@code provider} and {@code model} now. On the request path: no lock, no I/O. */
    public QuarantinedBetas betasFor(String provider, String model) {
        QuarantineSnapshot snapshot = store.current();
        if (snapshot.isEmpty()) {
            return QuarantinedBetas.NONE;
        }
        Instant now = clock.instant();
        if (!now.isBefore(snapshot.nextExpiry())) {
            snapshot = expire(now);
        }
        return snapshot.betasFor(provider, model);
    }

    /**
     * Whether any beta is quarantined for {@code provider} now, whatever the model: only then does a request whose
     * model is in its body have its header rewritten again once the body is read. No lock, no I/O.
     */
    public boolean anyFor(String provider) {
        QuarantineSnapshot snapshot = store.current();
        return !snapshot.isEmpty() && snapshot.hasProvider(provider);
    }

    /** Removes what expired at {@code now} and logs it (each entry once, by the call that removed it). */
    private QuarantineSnapshot expire(Instant now) {
        for (QuarantineEntry e : store.expire(now)) {
            LOG.log(Level.INFO, () -> component + ": the quarantine of beta [" + e.beta() + "] for provider ["
                    + e.provider() + "]" + modelPart(e.model()) + " expired; it is forwarded again");
        }
        return store.current();
    }

    /** A request of {@code provider} and {@code model} that forwarded {@code betas} succeeded. */
    public void succeeded(String provider, String model, Collection<String> betas) {
        if (!betas.isEmpty()) {
            accepted.accepted(provider, model, betas, clock.instant());
        }
    }

    /**
     * A request of {@code provider} and {@code model} that forwarded {@code betas} was refused: quarantines what the
     * refusal shows (see the class comment) and returns the new entries.
     *
     * @param unnamedApplies whether a refusal naming no beta may quarantine the request's betas: not when the request
     *                       went on with betas other than {@code betas} (report mode)
     * @param request        the request, as log lines name it
     */
    public List<QuarantineEntry> refused(String provider, String model, Collection<String> betas, BetaRefusal refusal,
                                         boolean unnamedApplies, String request) {
        Instant now = clock.instant();
        QuarantineSnapshot current = store.current();
        List<String> refused = new ArrayList<>();
        String reason;
        if (refusal.namesBetas()) {
            reason = QuarantineEntry.NAMED;
            for (String beta : refusal.named()) {
                if (betas.contains(beta)) {
                    refused.add(beta);
                }
            }
            if (refused.isEmpty()) {
                LOG.log(Level.INFO, () -> component + ": " + request + " was refused by provider [" + provider + "]"
                        + " naming betas " + refusal.named() + " that it did not forward (it forwarded " + betas
                        + "); nothing quarantined. The answer: " + refusal.evidence());
                return List.of();
            }
        } else {
            reason = QuarantineEntry.UNNAMED;
            if (!unnamedApplies) {
                return List.of();
            }
            for (String beta : betas) {
                if (!accepted.acceptedWithinWindow(provider, model, beta, now)) {
                    refused.add(beta);
                }
            }
            if (refused.isEmpty()) {
                LOG.log(Level.WARNING, () -> component + ": " + request + " was refused by provider [" + provider
                        + "]" + modelPart(model) + " without naming a beta, and each of its betas " + betas
                        + " was accepted in a successful request within the last " + length.toHours()
                        + " h; nothing quarantined. The answer: " + refusal.evidence());
                return List.of();
            }
        }
        List<QuarantineEntry> added = new ArrayList<>();
        int room = MAX_ENTRIES - current.size();
        for (String beta : refused) {
            if (current.contains(provider, model, beta)) {
                continue;
            }
            if (added.size() >= room) {
                LOG.log(Level.WARNING, () -> component + ": " + MAX_ENTRIES + " betas are quarantined already; "
                        + "beta [" + beta + "] refused by provider [" + provider + "]" + modelPart(model)
                        + " is not quarantined. The answer: " + refusal.evidence());
                continue;
            }
            added.add(new QuarantineEntry(provider, model, beta, reason, refusal.evidence(), now, now.plus(length)));
        }
        if (added.isEmpty()) {
            return List.of();
        }
        store.add(added);
        for (QuarantineEntry e : added) {
            counters.quarantined(provider, e.beta(), reason);
            LOG.log(Level.WARNING, () -> component + ": provider [" + provider + "] refused " + request
                    + (reason.equals(QuarantineEntry.NAMED) ? " naming beta [" + e.beta() + "]"
                    : " without naming a beta; beta [" + e.beta() + "] was not accepted in a successful request of "
                    + "this provider and model within the last " + length.toHours() + " h")
                    + ": it is dropped for provider [" + provider + "]" + modelPart(model) + " until " + e.expires()
                    + ". The answer: " + refusal.evidence());
        }
        return added;
    }

    private static String modelPart(String model) {
        return model == null ? " (requests naming no model in their path)" : " and model [" + model + "]";
    }

    /** The entries now (expired ones left out), oldest first. */
    public List<QuarantineEntry> entries() {
        QuarantineSnapshot snapshot = store.current();
        Instant now = clock.instant();
        return now.isBefore(snapshot.nextExpiry()) ? snapshot.entries() : expire(now).entries();
    }

    /** Removes the entries {@code which} matches (an operator's decision); returns them. */
    public List<QuarantineEntry> remove(QuarantineSelector which) {
        return store.remove(which);
    }

    /** How long a quarantine lasts. */
    public Duration length() {
        return length;
    }
}
