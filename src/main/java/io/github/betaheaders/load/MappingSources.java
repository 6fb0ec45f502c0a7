package io.github.betaheaders.load;

import io.github.betaheaders.core.FilterSettings;
import io.github.betaheaders.core.UrlRedaction;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where the mapping may come from, and the limits of a load.
 *
 * @param remote       the URL fetched, or {@code null} to never fetch (local only)
 * @param cacheFile    where the last good fetched document is kept, or {@code null}
 * @param configFile   the local mapping file used instead of the bundled one, or {@code null}
 * @param fetchTimeout one deadline for a whole fetch: connect, headers and body
 * @param maxBytes     the largest document accepted, from any source
 * @param authorization the {@code Authorization} header value sent with each fetch, or {@code null}; a secret, left
 *                      out of {@link #toString()}
 */
public record MappingSources(URI remote, Path cacheFile, Path configFile, Duration fetchTimeout, long maxBytes,
                             String authorization) {

    public MappingSources {
        Objects.requireNonNull(fetchTimeout, "fetchTimeout");
        if (fetchTimeout.isNegative() || fetchTimeout.isZero()) {
            throw new IllegalArgumentException("fetchTimeout must be positive: " + fetchTimeout);
        }
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be positive: " + maxBytes);
        }
    }

    /** Sources fetched without credentials. */
    public MappingSources(URI remote, Path cacheFile, Path configFile, Duration fetchTimeout, long maxBytes) {
        this(remote, cacheFile, configFile, fetchTimeout, maxBytes, null);
    }

    /** The sources the filter's settings name; {@code localOnly} drops the URL. */
    public static MappingSources of(FilterSettings settings) {
        return new MappingSources(settings.localOnly() ? null : settings.configUrl(), settings.cacheFile(),
                settings.configFile(), Duration.ofSeconds(settings.fetchTimeoutSeconds()), settings.maxConfigBytes(),
                settings.localOnly() ? null : settings.configAuthorization());
    }

    /** The URL as it may be shown (user info and query values hidden), or {@code null} when local only. */
    public String shownRemote() {
        return remote == null ? null : UrlRedaction.redact(remote.toString());
    }

    @Override
    public String toString() {
        return "MappingSources[remote=" + shownRemote() + ", cacheFile=" + cacheFile + ", configFile=" + configFile
                + ", fetchTimeout=" + fetchTimeout + ", maxBytes=" + maxBytes + ", authorization="
                + (authorization == null ? "none" : UrlRedaction.HIDDEN) + "]";
    }

    /** Never fetch: the mapping is {@link #configFile()} or the bundled one. */
    public boolean localOnly() {
        return remote == null;
    }
}
