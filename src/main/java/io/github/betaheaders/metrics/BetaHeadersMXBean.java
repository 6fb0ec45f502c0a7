package io.github.betaheaders.metrics;

import java.util.Map;

/**
 * The filter's figures over JMX (JConsole, Prometheus' JMX exporter), one MBean per webapp, named
 * {@code io.github.betaheaders:type=BetaHeaders,context="<context path>"}.
 */
public interface BetaHeadersMXBean {

    /** {@code enforce} or {@code report}. */
    String getMode();

    /** Where the active mapping came from: a URL, a file path, or {@code bundled}. */
    String getMappingSource();

    /** The active mapping document's SHA-256, in hex. */
    String getMappingSha256();

    /** Seconds since the active mapping was loaded. */
    long getMappingAgeSeconds();

    /** Requests carrying betas whose betas were rewritten, over all providers. */
    long getRequestsChanged();

    /** Requests carrying betas that the mapping left as sent, over all providers. */
    long getRequestsUnchanged();

    /** Requests carrying betas passed on without applying the mapping (signed, too large, ...), over all providers. */
    long getRequestsUntouched();

    /** Reloads that changed the mapping. */
    long getReloadsChanged();

    /** Reloads that changed nothing. */
    long getReloadsUnchanged();

    /** Reloads that failed. */
    long getReloadsFailed();

    /** Betas quarantined after the provider refused them ({@code learnFromRejections}), over all providers. */
    long getQuarantines();

    /** Every series of the Prometheus resource, {@code name{label="value",...}} to its value. */
    Map<String, Double> getSeries();
}
