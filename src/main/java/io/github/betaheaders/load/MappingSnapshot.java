package io.github.betaheaders.load;

import io.github.betaheaders.core.BetaMapping;
import io.github.betaheaders.core.BetaMappingParser;
import io.github.betaheaders.core.InvalidMappingException;
import io.github.betaheaders.core.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;

/**
 * The mapping a request reads, with where it came from: immutable, so a request holds one from start to end while a
 * reload swaps in the next ({@link MappingLoader#current()}). Made from a document's bytes: the bundled resource, a
 * local file, or a fetched document.
 *
 * @param mapping  the parsed table
 * @param source   the URL (as it may be shown), the file path, or {@value #BUNDLED_SOURCE}
 * @param sha256   hex SHA-256 of the document's bytes
 * @param loadedAt when it was loaded
 */
public record MappingSnapshot(BetaMapping mapping, String source, String sha256, Instant loadedAt) {

    /** The mapping shipped in the jar: LiteLLM's September 2026 file, unchanged. */
    public static final String BUNDLED_RESOURCE = "/io/github/betaheaders/anthropic_beta_headers_config.json";
    public static final String BUNDLED_SOURCE = "bundled";

    /** Parses a document; {@code source} is how it is shown. */
    public static MappingSnapshot parse(byte[] document, String source, Clock clock) throws InvalidMappingException {
        BetaMapping mapping = BetaMappingParser.parse(document);
        return new MappingSnapshot(mapping, source, Sha256.hex(document), clock.instant());
    }

    /** The mapping shipped in the jar. */
    public static MappingSnapshot bundled(Clock clock) {
        try {
            return parse(bundledDocument(), BUNDLED_SOURCE, clock);
        } catch (InvalidMappingException e) {
            throw new IllegalStateException("the bundled mapping " + BUNDLED_RESOURCE + " cannot be read: "
                    + e.getMessage(), e);
        }
    }

    /** The bytes of the mapping shipped in the jar. */
    public static byte[] bundledDocument() {
        try (InputStream in = MappingSnapshot.class.getResourceAsStream(BUNDLED_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the bundled mapping " + BUNDLED_RESOURCE + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("the bundled mapping " + BUNDLED_RESOURCE + " cannot be read: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Reads a local mapping file.
     *
     * @throws InvalidMappingException when it cannot be read, is larger than {@code maxBytes} or is not a valid
     *                                 mapping; the message names the file
     */
    public static MappingSnapshot file(Path path, long maxBytes, Clock clock) throws InvalidMappingException {
        byte[] bytes = fileDocument(path, maxBytes);
        try {
            return parse(bytes, path.toString(), clock);
        } catch (InvalidMappingException e) {
            throw new InvalidMappingException("file [" + path + "]: " + e.getMessage(), e);
        }
    }

    /**
     * The bytes of a local mapping file, at most {@code maxBytes}.
     *
     * @throws InvalidMappingException when it cannot be read or is larger than {@code maxBytes}; the message names the
     *                                 file
     */
    public static byte[] fileDocument(Path path, long maxBytes) throws InvalidMappingException {
        byte[] bytes;
        try {
            long size = Files.size(path);
            if (size > maxBytes) {
                throw new InvalidMappingException("file [" + path + "] is " + size + " bytes, over the limit of "
                        + maxBytes);
            }
            // Read no more than the limit, even if the file grew since its size was read.
            try (InputStream in = Files.newInputStream(path)) {
                bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            }
            if (bytes.length > maxBytes) {
                throw new InvalidMappingException("file [" + path + "] is over the limit of " + maxBytes + " bytes");
            }
        } catch (IOException e) {
            throw new InvalidMappingException("file [" + path + "] cannot be read: " + e, e);
        }
        return bytes;
    }
}
