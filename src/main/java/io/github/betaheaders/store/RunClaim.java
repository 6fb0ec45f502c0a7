package io.github.betaheaders.store;

import java.time.Instant;

/**
 * A node's claim of one run: it alone runs it until {@code leaseUntil}; after that another node may take the run over
 * (with the next {@code attempt}), and this claim can no longer complete it.
 *
 * @param runKey     the run's key in the store
 * @param kind       scheduled or manual
 * @param dueAt      when the run was due (a scheduled run's {@code next_run}, or when the reload was asked for)
 * @param node       the node that holds the claim
 * @param attempt    1 for the first claim of the run, one more for each takeover
 * @param leaseUntil when the claim may be taken over
 */
public record RunClaim(String runKey, RunKind kind, Instant dueAt, String node, int attempt, Instant leaseUntil) {
}
