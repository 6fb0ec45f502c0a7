package io.github.betaheaders.load;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The last good fetched document, kept on disk so that a restart during an outage starts with it rather than with an
 * older local mapping. Written atomically: a temporary file beside it, flushed, then moved over it in one step, so a
 * reader (or a crash) never sees half a document.
 */
public final class CacheFile {

    private static final String TEMPORARY_SUFFIX = ".tmp";

    private final Path path;

    public CacheFile(Path path) {
        this.path = Objects.requireNonNull(path, "path").toAbsolutePath();
    }

    public Path path() {
        return path;
    }

    public boolean exists() {
        return Files.isRegularFile(path);
    }

    /**
     * Deletes the temporary files a crash during {@link #write} can leave beside the file: regular files named
     * {@code <name>.<digits>.tmp} in its directory, nothing else.
     *
     * @return the files removed
     * @throws IOException when the directory cannot be listed; a file that cannot be deleted is skipped
     */
    public List<Path> removeLeftovers() throws IOException {
        Path directory = path.getParent();
        String prefix = path.getFileName() + ".";
        List<Path> removed = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory,
                entry -> isTemporaryName(entry.getFileName().toString(), prefix))) {
            for (Path entry : entries) {
                if (Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS) && deleted(entry)) {
                    removed.add(entry);
                }
            }
        }
        return removed;
    }

    private static boolean deleted(Path entry) {
        try {
            return Files.deleteIfExists(entry);
        } catch (IOException e) {
            return false;
        }
    }

    /** {@code mapping.json.123.tmp} for {@code mapping.json}: what {@link Files#createTempFile} names it here. */
    static boolean isTemporaryName(String name, String prefix) {
        if (name.length() <= prefix.length() + TEMPORARY_SUFFIX.length() || !name.startsWith(prefix)
                || !name.endsWith(TEMPORARY_SUFFIX)) {
            return false;
        }
        String middle = name.substring(prefix.length(), name.length() - TEMPORARY_SUFFIX.length());
        if (middle.isEmpty() || middle.length() > 20) {
            return false;
        }
        for (int i = 0; i < middle.length(); i++) {
            if (middle.charAt(i) < '0' || middle.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** Replaces the file's content with {@code document} in one atomic step. */
    public void write(byte[] document) throws IOException {
        Path temporary = Files.createTempFile(path.getParent(), path.getFileName() + ".", TEMPORARY_SUFFIX);
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(document);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temporary, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
