package io.github.betaheaders.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A load result written by one benchmark fork and read back by the process that sums up the forks. */
class LoadResultTest {

    @Test
    void aResultReadBackIsTheOneWritten() throws IOException {
        LoadResult written = new LoadResult(new long[] {5_000, 1_000, 3_000, 2_000_000}, 2, 1.5,
                List.of("HTTP 502", "connection reset"));
        LoadResult read = LoadResult.readFrom(new DataInputStream(new ByteArrayInputStream(bytes(written))));
        assertEquals(written.toString(), read.toString());
        assertEquals(4, read.requests());
        assertEquals(2, read.failures());
        assertEquals(List.of("HTTP 502", "connection reset"), read.failureSamples());
        assertEquals(3.0, read.p50Micros());
        assertEquals(2_000.0, read.p99Micros());
    }

    @Test
    void resultsReadBackCombineAsTheRoundsTheyWereWrittenFrom() throws IOException {
        LoadResult first = new LoadResult(new long[] {1_000, 2_000}, 0, 1, List.of());
        LoadResult second = new LoadResult(new long[] {3_000, 4_000, 5_000, 6_000}, 1, 1, List.of("HTTP 500"));
        LoadResult pooled = LoadResult.combined(List.of(
                LoadResult.readFrom(new DataInputStream(new ByteArrayInputStream(bytes(first)))),
                LoadResult.readFrom(new DataInputStream(new ByteArrayInputStream(bytes(second))))));
        assertEquals(6, pooled.requests());
        assertEquals(3.0, pooled.requestsPerSecond());
        assertEquals(3.0, pooled.p50Micros());
        assertEquals(List.of("HTTP 500"), pooled.failureSamples());
    }

    @Test
    void whatIsNotAResultIsRefusedRatherThanReadAsOne() {
        byte[] truncated = bytes(new LoadResult(new long[] {1_000, 2_000, 3_000}, 0, 1, List.of()));
        byte[] cut = java.util.Arrays.copyOf(truncated, truncated.length - 4);
        assertThrows(IOException.class, () -> LoadResult.readFrom(new DataInputStream(new ByteArrayInputStream(cut))));
        byte[] negative = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1, -1, -1};
        assertThrows(IOException.class,
                () -> LoadResult.readFrom(new DataInputStream(new ByteArrayInputStream(negative))));
    }

    private static byte[] bytes(LoadResult result) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            result.writeTo(out);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return bytes.toByteArray();
    }
}
