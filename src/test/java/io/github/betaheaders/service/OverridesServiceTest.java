package io.github.betaheaders.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.betaheaders.core.BetaOverrides;
import io.github.betaheaders.core.FilterSettings;
import io.github.betaheaders.core.InvalidMappingException;
import io.github.betaheaders.core.InvalidSettingException;
import io.github.betaheaders.core.Settings;
import io.github.betaheaders.load.InMemoryScheduleStore;
import io.github.betaheaders.load.MappingSnapshot;
import io.github.betaheaders.load.OverridesStore;
import io.github.betaheaders.testsupport.TestDirectories;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The service with overrides: in memory or in the overridesFile, laid over each table, kept across reloads. */
class OverridesServiceTest {

    static final String TABLE = "{\"anthropic\":{},\"bedrock\":{\"x-beta\":\"x-a\",\"y-beta\":null}}";
    static final String TABLE_B = "{\"anthropic\":{},\"bedrock\":{\"x-beta\":\"x-b\",\"y-beta\":\"y-b\"}}";
    static final String OVERRIDES = "{\"bedrock\":{\"x-beta\":\"x-o\"},\"bedrock/*opus-4-7*\":{\"*\":null}}";
    static final Set<String> KNOWN = Set.of("anthropic", "bedrock");

    final Path dir = TestDirectories.newDirectory("overrides-service");

    private BetaHeadersService start(Path configFile, Path overridesFile) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put(FilterSettings.LOCAL_ONLY, "true");
        params.put(FilterSettings.CONFIG_FILE, configFile.toString());
        if (overridesFile != null) {
            params.put(FilterSettings.OVERRIDES_FILE, overridesFile.toString());
        }
        FilterSettings settings = new FilterSettings(new Settings("filter [test]", params.keySet(), params::get,
                new Properties(), Map.of(), FilterSettings.NAMES, FilterSettings.LITELLM_ALIASES));
        return BetaHeadersService.start(settings, Clock.systemUTC(), new InMemoryScheduleStore());
    }

    private Path file(String name, String content) throws IOException {
        Path path = dir.resolve(name);
        Files.writeString(path, content, StandardCharsets.UTF_8);
        return path;
    }

    private static String bedrock(BetaHeadersService service, String model) {
        return service.rules().rewrite(service.current().mapping(), "bedrock", model, "x-beta,y-beta").headerValue();
    }

    @Test
    void overridesInTheFileAreLaidOverTheTableAndKeptAcrossReloads() throws Exception {
        Path config = file("table.json", TABLE);
        try (BetaHeadersService service = start(config, file("overrides.json", OVERRIDES))) {
            assertEquals("x-o", bedrock(service, null));
            assertEquals(null, bedrock(service, "us.anthropic.claude-opus-4-7-v1:0"));
            // Worked out once: every request reads the same snapshot until something changes.
            assertSame(service.current(), service.current());

            Files.writeString(config, TABLE_B);
            MappingReload reload = service.reload();
            assertEquals(Map.of("bedrock", List.of("x-beta")), reload.overridden());
            assertEquals("x-o,y-b", bedrock(service, null));
            assertEquals(null, bedrock(service, "us.anthropic.claude-opus-4-7-v1:0"));
            assertSame(service.current(), service.current());
        }
    }

    @Test
    void aChangeIsWrittenBackAndReadAtTheNextStart() throws Exception {
        Path config = file("table.json", TABLE);
        Path overrides = dir.resolve("not-yet.json");
        try (BetaHeadersService service = start(config, overrides)) {
            assertTrue(service.overrides().isEmpty());
            assertEquals("x-a", bedrock(service, null));
            service.replaceOverrides(OVERRIDES.getBytes(StandardCharsets.UTF_8));
            assertEquals("x-o", bedrock(service, null));
            assertEquals(BetaOverrides.parse(OVERRIDES, KNOWN), BetaOverrides.parse(Files.readString(overrides), KNOWN));
        }
        try (BetaHeadersService restarted = start(config, overrides)) {
            assertEquals("x-o", bedrock(restarted, null));
            assertTrue(restarted.clearOverrides());
            assertFalse(restarted.clearOverrides());
            assertEquals("{}\n", Files.readString(overrides));
            assertEquals("x-a", bedrock(restarted, null));
        }
    }

    @Test
    void withoutAFileTheyAreKeptInMemory() throws Exception {
        try (BetaHeadersService service = start(file("table.json", TABLE), null)) {
            assertEquals(OverridesStore.MEMORY, service.overridesWhere());
            service.replaceOverrides(OVERRIDES.getBytes(StandardCharsets.UTF_8));
            assertEquals("x-o", bedrock(service, null));
        }
    }

    @Test
    void aRefusedChangeChangesNothing() throws Exception {
        Path overrides = file("overrides.json", OVERRIDES);
        try (BetaHeadersService service = start(file("table.json", TABLE), overrides)) {
            MappingSnapshot before = service.current();
            InvalidMappingException e = assertThrows(InvalidMappingException.class,
                    () -> service.replaceOverrides("{\"bedrok\":{}}".getBytes(StandardCharsets.UTF_8)));
            assertTrue(e.getMessage().contains("unknown provider [bedrok]"), e.getMessage());
            assertSame(before, service.current());
            assertEquals(OVERRIDES, Files.readString(overrides));
        }
    }

    @Test
    void aBadOverridesFileFailsTheStartNamingTheSettingItsSourceAndTheFile() throws Exception {
        Path config = file("table.json", TABLE);
        Path bad = file("bad.json", "{\"bedrock\":{\"x-beta\":1}}");
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> start(config, bad));
        assertTrue(e.getMessage().startsWith("filter [test]: invalid value [" + bad + "] for setting [overridesFile]"
                + " from init-param [overridesFile]: file [" + bad + "]: provider [bedrock], beta [x-beta]: the value "
                + "must be a string or null"), e.getMessage());
        Path unknown = file("unknown.json", "{\"vertex/*opus*\":{}}");
        InvalidSettingException u = assertThrows(InvalidSettingException.class, () -> start(config, unknown));
        assertTrue(u.getMessage().contains("unknown provider [vertex]"), u.getMessage());
    }

    /** A reader of the file, while changes are written, always finds a whole valid document; no temporary file stays. */
    @Test
    void theFileIsAlwaysAValidDocument() throws Exception {
        Path overrides = dir.resolve("busy.json");
        try (BetaHeadersService service = start(file("table.json", TABLE), overrides)) {
            service.replaceOverrides("{}".getBytes(StandardCharsets.UTF_8));
            AtomicBoolean done = new AtomicBoolean();
            AtomicInteger reads = new AtomicInteger();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread reader = new Thread(() -> {
                while (!done.get() || reads.get() == 0) {
                    try {
                        BetaOverrides.parse(Files.readAllBytes(overrides), KNOWN);
                        reads.incrementAndGet();
                    } catch (Exception e) {
                        failure.compareAndSet(null, e);
                        return;
                    }
                }
            });
            reader.start();
            for (int i = 0; i < 200; i++) {
                String padding = "p".repeat(i * 7);
                service.replaceOverrides(("{\"bedrock\":{\"x-beta\":\"x-" + i + padding + "\"}"
                        + (i % 2 == 0 ? ",\"bedrock/*m" + i + "*\":{\"*\":null}" : "") + "}")
                        .getBytes(StandardCharsets.UTF_8));
            }
            done.set(true);
            reader.join(10_000);
            assertEquals(null, failure.get());
            assertTrue(reads.get() > 0);
            assertEquals("x-199" + "p".repeat(199 * 7), bedrock(service, null).split(",")[0]);
        }
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(), left.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList());
        }
    }
}
