package io.github.betaheaders.load;

import io.github.betaheaders.core.BetaMapping;
import io.github.betaheaders.core.BetaMappingParser;
import io.github.betaheaders.core.InvalidMappingException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;

/** Turns document bytes from the bundled resource or a local file into a {@link LoadedMapping}. */
public final class MappingDocuments {

    /** The mapping shipped in the jar: LiteLLM's September 2026 file, unchanged. */
    public static final String BUNDLED_RESOURCE = "/io/github/betaheaders/anthropic_beta_headers_config.json";
    public static final String BUNDLED_SOURCE = "bundled";

    private MappingDocuments() {
    }

    public static LoadedMapping fromBytes(byte[] document, String source, Clock clock) throws InvalidMappingException {
        BetaMapping mapping = BetaMappingParser.parse(document);
        return new LoadedMapping(mapping, source, sha256(document), clock.instant());
    }

    public static LoadedMapping bundled(Clock clock) {
        try (InputStream in = MappingDocuments.class.getResourceAsStream(BUNDLED_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the bundled mapping " + BUNDLED_RESOURCE + " is missing from the jar");
            }
            return fromBytes(in.readAllBytes(), BUNDLED_SOURCE, clock);
        } catch (IOException | InvalidMappingException e) {
            throw new IllegalStateException("the bundled mapping " + BUNDLED_RESOURCE + " cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a local mapping file.
     *
     * @throws InvalidMappingException when it cannot be read, is larger than {@code maxBytes} or is not a valid mapping;
     *                                 the message names the file
     */
    public static LoadedMapping file(Path path, long maxBytes, Clock clock) throws InvalidMappingException {
        byte[] bytes;
        try {
            long size = Files.size(path);
            if (size > maxBytes) {
                throw new InvalidMappingException("file [" + path + "] is " + size + " bytes, over the limit of " + maxBytes);
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
        try {
            return fromBytes(bytes, path.toString(), clock);
        } catch (InvalidMappingException e) {
            throw new InvalidMappingException("file [" + path + "]: " + e.getMessage(), e);
        }
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
