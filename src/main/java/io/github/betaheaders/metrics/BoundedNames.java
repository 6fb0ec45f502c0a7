package io.github.betaheaders.metrics;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The names counters are kept under, bounded so that a client sending random names cannot grow memory: the names of
 * the active mapping, plus the first {@code maxOthers} other names seen, then {@value #OTHER} for every later one. A
 * name that is long or not printable ASCII is always {@value #OTHER}. Lock-free; a name once admitted stays.
 */
public final class BoundedNames {

    /** The name counted for every name past the bound. */
    public static final String OTHER = "other";
    /** The longest name kept as it is. */
    public static final int MAX_NAME_CHARS = 128;

    private final int maxOthers;
    private volatile Set<String> known = Set.of();
    private final Set<String> others = ConcurrentHashMap.newKeySet();
    private final AtomicInteger othersTaken = new AtomicInteger();

    public BoundedNames(int maxOthers) {
        this.maxOthers = maxOthers;
    }

    /** Replaces the known names (those of a newly active mapping); names admitted before stay. */
    public void know(Collection<String> names) {
        known = Set.copyOf(names);
    }

    /** {@code name} itself when it is known, admitted earlier, or admitted now within the bound; else {@value #OTHER}. */
    public String admit(String name) {
        if (known.contains(name) || others.contains(name)) {
            return name;
        }
        if (name.length() > MAX_NAME_CHARS || !printable(name) || othersTaken.get() >= maxOthers) {
            return OTHER;
        }
        if (othersTaken.incrementAndGet() > maxOthers) {
            return OTHER;
        }
        others.add(name);
        return name;
    }

    /** How many names outside the known ones were admitted (at most {@code maxOthers}). */
    public int othersAdmitted() {
        return others.size();
    }

    private static boolean printable(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }
}
