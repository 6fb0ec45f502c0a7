package io.github.betaheaders.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.betaheaders.core.Sha256;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code validate}: both LiteLLM files, and every way a document or a file can be wrong. */
class ValidateCommandTest {

    @TempDir
    Path dir;

    @Test
    void bothLiteLlmFilesAreValidWithTheirDigestAndCounts() throws IOException {
        String february = CliRun.copy(CliRun.FEBRUARY, dir);
        CliRun run = CliRun.of("validate", february);
        assertEquals(0, run.code(), run.toString());
        assertEquals("OK " + february + ": sha256 " + Sha256.hex(Files.readAllBytes(Path.of(february)))
                + ", 5 provider sections, 139 entries (81 unsupported): anthropic 28, azure_ai 27, bedrock_converse 28,"
                + " bedrock 28, vertex_ai 28" + System.lineSeparator(), run.out());

        String september = CliRun.copy(CliRun.SEPTEMBER, dir);
        CliRun json = CliRun.of("validate", "--json", september);
        assertEquals(0, json.code(), json.toString());
        JsonObject answer = json.json();
        assertTrue(answer.getBoolean("valid"));
        assertEquals(Sha256.hex(Files.readAllBytes(Path.of(september))), answer.getString("sha256"));
        assertEquals(7, answer.getJsonObject("providers").size());
        assertEquals(35, answer.getJsonObject("providers").getInt("bedrock"));
        assertEquals(0, answer.getJsonArray("warnings").size());
    }

    @Test
    void ignoredMembersAreValidWithTheLoadsWarning() {
        String file = CliRun.write(dir, "notes.json", "{\"version\":3,\"bedrock\":{\"a\":\"b\"}}");
        CliRun run = CliRun.of("validate", file);
        assertEquals(0, run.code(), run.toString());
        assertTrue(run.out().contains("warning: 1 member ignored (not an object): [version (a number)]"),
                run.toString());
    }

    @Test
    void badJsonIsInvalidNamingTheByte() {
        String file = CliRun.write(dir, "bad.json", "{\"bedrock\":{\"a\":\"b\"}");
        CliRun run = CliRun.of("validate", file);
        assertEquals(1, run.code(), run.toString());
        assertTrue(run.out().startsWith("INVALID file [" + file + "]: not valid JSON: truncated"), run.toString());
        assertEquals("", run.err());
    }

    @Test
    void aValueOfTheWrongShapeIsInvalidNamingThePlace() {
        String file = CliRun.write(dir, "shape.json", "{\"bedrock\":{\"a b\":\"b\"}}");
        CliRun run = CliRun.of("validate", "--json", file);
        assertEquals(1, run.code(), run.toString());
        assertTrue(!run.json().getBoolean("valid"));
        assertTrue(run.json().getString("error").contains("provider [bedrock], beta [a b]: a name must not contain "
                + "whitespace"), run.toString());
    }

    @Test
    void aBinaryFileIsInvalid() throws IOException {
        byte[] bytes = new byte[4096];
        new Random(14).nextBytes(bytes);
        bytes[0] = (byte) 0x89;
        Path file = Files.write(dir.resolve("random.bin"), bytes);
        CliRun run = CliRun.of("validate", file.toString());
        assertEquals(1, run.code(), run.toString());
        assertTrue(run.out().startsWith("INVALID file [" + file + "]: not valid JSON"), run.toString());
        assertTrue(run.out().chars().allMatch(c -> c == '\n' || c == '\r' || (c >= 0x20 && c < 0x7f)),
                "printable: " + run.out());
    }

    @Test
    void anEmptyFileAndAByteOrderMarkAreInvalid() throws IOException {
        Path empty = Files.write(dir.resolve("empty.json"), new byte[0]);
        assertEquals(1, CliRun.of("validate", empty.toString()).code());
        Path bom = Files.write(dir.resolve("bom.json"), ("\ufeff{\"bedrock\":{}}").getBytes("UTF-8"));
        CliRun run = CliRun.of("validate", bom.toString());
        assertEquals(1, run.code(), run.toString());
    }

    @Test
    void aFileOverTheLimitIsInvalidUnlessTheLimitIsRaised() throws IOException {
        StringBuilder big = new StringBuilder("{\"bedrock\":{");
        for (int i = 0; big.length() < 1024 * 1024 + 10; i++) {
            big.append(i == 0 ? "" : ",").append("\"beta-").append(i).append("\":null");
        }
        String file = CliRun.write(dir, "big.json", big.append("}}").toString());
        CliRun run = CliRun.of("validate", file);
        assertEquals(1, run.code(), run.toString());
        assertTrue(run.out().startsWith("INVALID file [" + file + "] is " + Files.size(Path.of(file))
                + " bytes, over the limit of 1048576"), run.toString());

        CliRun raised = CliRun.of("validate", "--max-config-bytes", "2097152", file);
        assertEquals(0, raised.code(), raised.toString());
    }

    @Test
    void aMissingFileOrADirectoryIsAnError() {
        CliRun missing = CliRun.of("validate", dir.resolve("missing.json").toString());
        assertEquals(2, missing.code(), missing.toString());
        assertEquals("", missing.out());
        assertTrue(missing.err().startsWith("error: no readable file at ["), missing.toString());

        CliRun directory = CliRun.of("validate", dir.toString());
        assertEquals(2, directory.code(), directory.toString());

        CliRun nul = CliRun.of("validate", "a\u0000b");
        assertEquals(2, nul.code(), nul.toString());
        assertTrue(nul.err().startsWith("error: [a\\u0000b] is not a file name"), nul.toString());
    }

    @Test
    void exactlyOneFileIsExpected() {
        CliRun none = CliRun.of("validate");
        assertEquals(2, none.code(), none.toString());
        assertTrue(none.err().startsWith("error: expected FILE, found 0 arguments"), none.toString());
        assertEquals(2, CliRun.of("validate", "a.json", "b.json").code());
    }
}
