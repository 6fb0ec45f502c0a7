package io.github.betaheaders.core;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Remembers the rules' result for header values already seen, per mapping snapshot and provider (or model rule). Clients send the
 * same few header values on every request, so the header path finds its answer without working out the rules again
 * and allocates nothing.
 *
 * <p>Each provider keeps its {@link #RECENT} most recently used values, compared with {@code equals} (length first):
 * a container gives every request a new header String, and hashing a long value (Claude Code's is over 200
 * characters) costs more than comparing it with the few a client sends. Behind them, a hash map of every remembered
 * value.
 *
 * <p>Bounded: at most {@link #MAX_PROVIDERS} providers and {@link #MAX_ENTRIES_PER_PROVIDER} values per provider, each
 * at most {@link #MAX_VALUE_LENGTH} characters; others are computed each time. A new mapping snapshot starts an empty
 * memo, so a reload is never answered from the old one.
 */
final class RewriteMemo {

    static final int MAX_ENTRIES_PER_PROVIDER = 1024;
    static final int MAX_VALUE_LENGTH = 2048;
    static final int MAX_PROVIDERS = 64;
    static final int RECENT = 4;

    private record Entry(String headerValue, RewriteResult result) {
    }

    /** One provider's remembered values. */
    private static final class ProviderMemo {
        final AtomicReferenceArray<Entry> recent = new AtomicReferenceArray<>(RECENT);
        final ConcurrentHashMap<String, Entry> all = new ConcurrentHashMap<>();
        int next;

        RewriteResult get(String headerValue) {
            int length = headerValue.length();
            for (int i = 0; i < RECENT; i++) {
                Entry e = recent.get(i);
                if (e != null && e.headerValue.length() == length && e.headerValue.equals(headerValue)) {
                    return e.result;
                }
            }
            Entry e = all.get(headerValue);
            if (e == null) {
                return null;
            }
            remember(e);
            return e.result;
        }

        void put(String headerValue, RewriteResult result) {
            Entry e = new Entry(headerValue, result);
            if (all.size() < MAX_ENTRIES_PER_PROVIDER) {
                all.putIfAbsent(headerValue, e);
            }
            remember(e);
        }

        /** Racy on purpose: two threads may pick the same slot; each slot always holds a whole entry. */
        private void remember(Entry e) {
            int slot = next;
            next = (slot + 1) % RECENT;
            recent.set(slot, e);
        }
    }

    private static final class Generation {
        final BetaMapping mapping;
        final ConcurrentHashMap<String, ProviderMemo> byProvider = new ConcurrentHashMap<>();

        Generation(BetaMapping mapping) {
            this.mapping = mapping;
        }
    }

    private volatile Generation generation = new Generation(null);

    /** The remembered result, or {@code null}. */
    RewriteResult get(BetaMapping mapping, String provider, String headerValue) {
        Generation g = generation;
        if (g.mapping != mapping) {
            return null;
        }
        ProviderMemo memo = g.byProvider.get(provider);
        return memo == null ? null : memo.get(headerValue);
    }

    void put(BetaMapping mapping, String provider, String headerValue, RewriteResult result) {
        if (headerValue.length() > MAX_VALUE_LENGTH) {
            return;
        }
        Generation g = generation;
        if (g.mapping != mapping) {
            g = new Generation(mapping);
            generation = g;
        }
        ProviderMemo memo = g.byProvider.get(provider);
        if (memo == null) {
            if (g.byProvider.size() >= MAX_PROVIDERS) {
                return;
            }
            memo = g.byProvider.computeIfAbsent(provider, k -> new ProviderMemo());
        }
        memo.put(headerValue, result);
    }
}
