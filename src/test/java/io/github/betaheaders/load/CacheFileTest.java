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

    @Test
    void removesOnlyItsOwnTemporaryFilesLeftByACrash() throws IOException {
        CacheFile cache = new CacheFile(dir.resolve("mapping.json"));
        cache.write("good".getBytes(StandardCharsets.UTF_8));
        Path leftover = Files.writeString(dir.resolve("mapping.json.8123456789012345678.tmp"), "half a docu");
        Path leftover2 = Files.writeString(dir.resolve("mapping.json.1.tmp"), "");
        List<Path> kept = List.of(cache.path(), Files.writeString(dir.resolve("mapping.json.tmp"), "x"),
                Files.writeString(dir.resolve("mapping.json.12a.tmp"), "x"),
                Files.writeString(dir.resolve("other.json.123.tmp"), "x"),
                Files.writeString(dir.resolve("mapping.json.123.tmp.bak"), "x"),
                Files.writeString(dir.resolve("xmapping.json.123.tmp"), "x"),
                Files.createDirectory(dir.resolve("mapping.json.42.tmp")));
        assertEquals(java.util.Set.of(leftover, leftover2), java.util.Set.copyOf(cache.removeLeftovers()));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(java.util.Set.copyOf(kept), files.collect(java.util.stream.Collectors.toSet()));
        }
        assertEquals("good", Files.readString(cache.path()));
        assertEquals(List.of(), cache.removeLeftovers());
    }
}
