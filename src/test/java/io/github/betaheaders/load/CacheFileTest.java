package io.github.betaheaders.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheFileTest {

    @TempDir
    Path dir;

    @Test
    void writesAndReplacesLeavingNoTemporaryFile() throws IOException {
        CacheFile cache = new CacheFile(dir.resolve("mapping.json"));
        assertFalse(cache.exists());
        cache.write("first".getBytes(StandardCharsets.UTF_8));
        assertEquals("first", Files.readString(cache.path()));
        cache.write("second, longer".getBytes(StandardCharsets.UTF_8));
        assertEquals("second, longer", Files.readString(cache.path()));
        cache.write("3".getBytes(StandardCharsets.UTF_8));
        assertEquals("3", Files.readString(cache.path()));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(cache.path()), files.toList());
        }
    }

    @Test
    void aFailedWriteLeavesTheOldContentAndNoTemporaryFile() throws IOException {
        CacheFile cache = new CacheFile(dir.resolve("mapping.json"));
        cache.write("good".getBytes(StandardCharsets.UTF_8));
        Path blocked = dir.resolve("blocked.json");
        Files.createDirectories(blocked.resolve("child"));
        CacheFile onADirectory = new CacheFile(blocked);
        assertThrows(IOException.class, () -> onADirectory.write("x".getBytes(StandardCharsets.UTF_8)));
        assertTrue(Files.isDirectory(blocked));
        assertEquals("good", Files.readString(cache.path()));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(2, files.count(), "a temporary file was left");
        }
    }
}
