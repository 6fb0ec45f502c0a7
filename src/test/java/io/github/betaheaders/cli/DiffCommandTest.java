package io.github.betaheaders.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code diff}: the reload's changes between the two LiteLLM files, no change, and bad input. */
class DiffCommandTest {

    @TempDir
    Path dir;

    @Test
    void februaryToSeptemberListsTheReloadsChangesAndExitsOne() {
        String february = CliRun.copy(CliRun.FEBRUARY, dir);
        String september = CliRun.copy(CliRun.SEPTEMBER, dir);
        CliRun run = CliRun.of("diff", february, september);
        assertEquals(1, run.code(), run.toString());
        String out = run.out();
        assertTrue(out.startsWith("--- " + february + " (sha256 "), out);
        assertTrue(out.contains("\n+++ " + september + " (sha256 "), out);
        assertTrue(out.contains("\nanthropic: 8 added, 0 removed, 0 changed\n"), out);
        assertTrue(out.contains("\n  + advisor-tool-2026-03-01: advisor-tool-2026-03-01\n"), out);
        assertTrue(out.contains("\nazure_ai: 5 added, 0 removed, 0 changed\n  + advisor-tool-2026-03-01: null "
                + "(unsupported)\n"), out);
        assertTrue(out.contains("\nbedrock_mantle: "), "a section only NEW has: " + out);
        assertTrue(out.contains("  ~ "), "changed entries: " + out);
        assertTrue(out.endsWith(" providers changed\n"), out);

        CliRun back = CliRun.of("diff", "--json", september, february);
        assertEquals(1, back.code(), back.toString());
        JsonObject json = back.json();
        assertTrue(json.getBoolean("changed"));
        JsonObject anthropic = json.getJsonObject("providers").getJsonObject("anthropic");
        assertEquals("advisor-tool-2026-03-01", anthropic.getJsonObject("removed").getString("advisor-tool-2026-03-01"));
        assertEquals(0, anthropic.getJsonObject("added").size());
    }

    @Test
    void theSameMappingExitsZeroEvenInOtherBytes() {
        String a = CliRun.write(dir, "a.json", "{\"bedrock\":{\"x\":\"y\",\"z\":null}}");
        String b = CliRun.write(dir, "b.json", "{ \"description\": \"reformatted\",\n  \"bedrock\": { \"z\": null, "
                + "\"x\": \"y\" } }\n");
        CliRun same = CliRun.of("diff", a, a);
        assertEquals(0, same.code(), same.toString());
        assertEquals("no change: " + a + " and " + a + " map every beta of every provider alike\n", same.out());

        CliRun reformatted = CliRun.of("diff", a, b);
        assertEquals(0, reformatted.code(), reformatted.toString());
        assertTrue(reformatted.out().endsWith("alike (the documents' bytes differ)\n"), reformatted.toString());

        CliRun json = CliRun.of("diff", "--json", a, b);
        assertEquals(0, json.code(), json.toString());
        assertFalse(json.json().getBoolean("changed"));
    }

    @Test
    void anInvalidOrMissingSideIsAnErrorNamingIt() {
        String good = CliRun.write(dir, "good.json", "{\"bedrock\":{\"x\":\"y\"}}");
        String bad = CliRun.write(dir, "bad.json", "[\"bedrock\"]");
        CliRun invalid = CliRun.of("diff", good, bad);
        assertEquals(2, invalid.code(), invalid.toString());
        assertTrue(invalid.err().startsWith("error: NEW: file [" + bad + "]: the document must be a JSON object"),
                invalid.toString());
        assertEquals("", invalid.out());

        CliRun missing = CliRun.of("diff", dir.resolve("gone.json").toString(), good);
        assertEquals(2, missing.code(), missing.toString());
        assertTrue(missing.err().startsWith("error: no readable file at ["), missing.toString());

        CliRun one = CliRun.of("diff", good);
        assertEquals(2, one.code(), one.toString());
        assertTrue(one.err().startsWith("error: expected OLD NEW, found 1 argument\n"), one.toString());
    }
}
