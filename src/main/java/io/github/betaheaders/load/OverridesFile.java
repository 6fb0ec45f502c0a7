package io.github.betaheaders.load;

import io.github.betaheaders.core.BetaOverrides;
import io.github.betaheaders.core.InvalidMappingException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;

/**
 * Overrides kept in the {@code overridesFile}: read at start (a file that does not exist yet is no override), written
 * back on each change atomically ({@link CacheFile#write}: a temporary file beside it, flushed, moved over it), so the
 * file is always a whole, valid document, and what a crash leaves behind is the old one or the new one.
 */
public final class OverridesFile implements OverridesStore {

    private final CacheFile file;
    private final long maxBytes;

    /** @param maxBytes the largest file read, as for the mapping ({@code maxConfigBytes}) */
    public OverridesFile(Path path, long maxBytes) {
        this.file = new CacheFile(path);
        this.maxBytes = maxBytes;
    }

    @Override
    public BetaOverrides read(Collection<String> knownProviders) throws InvalidMappingException, IOException {
        if (!Files.exists(file.path())) {
            return BetaOverrides.NONE;
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file.path())) {
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        }
        if (bytes.length > maxBytes) {
            throw new InvalidMappingException("the file is over the limit of " + maxBytes + " bytes");
        }
        return BetaOverrides.parse(bytes, knownProviders);
    }

    @Override
    public void write(BetaOverrides overrides) throws IOException {
        file.write(overrides.toJson().getBytes(StandardCharsets.UTF_8));
    }

    /** Deletes temporary files an interrupted {@link #write} left beside the file; returns them. */
    public List<Path> removeLeftovers() throws IOException {
        return file.removeLeftovers();
    }

    @Override
    public String where() {
        return file.path().toString();
    }
}
