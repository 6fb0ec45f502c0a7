package io.github.betaheaders.servlet;

import io.github.betaheaders.core.EchoedInput;
import io.github.betaheaders.core.RefusalLogLimiter;
import java.lang.System.Logger.Level;

/**
 * The admin API's audit trail, on the logger {@code io.github.betaheaders.servlet.AdminAudit}: every state-changing
 * request at {@code INFO} (who, from where, the action, its outcome), every refused attempt at {@code WARNING}, those
 * limited by a {@link RefusalLogLimiter} with a summary of the ones left out. Client-controlled text is escaped and
 * cut ({@link EchoedInput}).
 */
final class AdminAudit {

    private static final System.Logger LOG = System.getLogger(AdminAudit.class.getName());

    private final String component;
    private final RefusalLogLimiter refusals;

    AdminAudit(String component, RefusalLogLimiter refusals) {
        this.component = component;
        this.refusals = refusals;
    }

    /** A state-changing action done or attempted by an admitted client. */
    void action(String who, String address, String action, int status, String outcome) {
        LOG.log(Level.INFO, () -> component + ": admin [" + who + "] from [" + EchoedInput.of(address) + "]: "
                + action + ": HTTP " + status + ", " + EchoedInput.of(outcome, 300));
    }

    /** A refused attempt, logged unless the limiter leaves it out. */
    void refused(String address, String method, String path, int status, String reason, boolean blockStarted) {
        summarizeSuppressed();
        // A block's start has a line of its own per address and period, so that it is not hidden by earlier refusals.
        if (refusals.shouldLog(blockStarted ? "block of " + address : address)) {
            LOG.log(Level.WARNING, () -> component + ": refused admin request " + EchoedInput.of(method) + " ["
                    + EchoedInput.of(path) + "] from [" + EchoedInput.of(address) + "]: HTTP " + status + ", " + reason
                    + " (at most one such line per address and " + refusals.period().toSeconds() + " s)");
        }
    }

    /** Logs how many refused attempts were left out in the periods that ended, if any. */
    void summarizeSuppressed() {
        long suppressed = refusals.suppressedInEndedPeriod();
        if (suppressed > 0) {
            LOG.log(Level.WARNING, () -> component + ": " + suppressed + " more refused admin attempts were not "
                    + "logged");
        }
    }
}
