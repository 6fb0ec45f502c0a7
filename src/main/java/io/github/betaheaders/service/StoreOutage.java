package io.github.betaheaders.service;

import io.github.betaheaders.store.StoreException;
import java.lang.System.Logger.Level;

/**
 * Whether the shared store answers, as this node last saw it: one WARNING when it stops answering, one INFO when it
 * answers again, nothing for the failed calls in between.
 */
final class StoreOutage {

    private static final System.Logger LOG = System.getLogger(StoreOutage.class.getName());

    private final String component;
    private boolean down;
    private String reason;

    StoreOutage(String component) {
        this.component = component;
    }

    synchronized void failed(StoreException e) {
        reason = e.getMessage();
        if (!down) {
            down = true;
            LOG.log(Level.WARNING, component + ": the shared store does not answer (" + e.getMessage()
                    + "); the active mapping stays in force and "
                    + "requests are served as before; runs wait until it answers");
        }
    }

    synchronized void answered() {
        if (down) {
            down = false;
            reason = null;
            LOG.log(Level.INFO, component + ": the shared store answers again; the schedule and published documents "
                    + "are followed again");
        }
    }

    synchronized boolean down() {
        return down;
    }

    /** Why it does not answer, or {@code null} when it does. */
    synchronized String reason() {
        return down ? reason : null;
    }
}
