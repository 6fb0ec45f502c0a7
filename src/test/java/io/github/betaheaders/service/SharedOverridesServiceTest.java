package io.github.betaheaders.service;

import static io.github.betaheaders.service.SharedStoreNodes.await;
import static io.github.betaheaders.service.SharedStoreNodes.store;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.betaheaders.core.BetaOverrides;
import io.github.betaheaders.core.FilterSettings;
import io.github.betaheaders.core.InvalidMappingException;
import io.github.betaheaders.core.ProviderDetector;
import io.github.betaheaders.store.JdbcStore;
import io.github.betaheaders.store.PublishedOverrides;
import io.github.betaheaders.store.StoreException;
import io.github.betaheaders.testsupport.CapturedLog;
import io.github.betaheaders.testsupport.MappingFixtures;
import io.github.betaheaders.testsupport.MappingServer;
import io.github.betaheaders.testsupport.TestDirectories;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The overrides on a shared store (embedded H2), node by node: a change on one node is the cluster's at the next
 * check of each other node, with the {@code overridesFile} as each node's local copy; a store without overrides starts
 * from a node's file; a node starts from the store's overrides over its file; a store that does not answer changes
 * nothing; a document in the store that a node cannot take is never adopted.
 */
class SharedOverridesServiceTest {

    @RegisterExtension
    static final MappingServer server = new MappingServer();

    static final String DROP_X = "{\"bedrock\": {\"x-beta\": null}}";
    static final String DROP_Y = "{\"bedrock/*opus*\": {\"y-beta\": null}}";
    /** A store that never answers: nothing listens on port 1. */
    static final String DOWN = "jdbc:postgresql://127.0.0.1:1/nobody";

    final String database = "jdbc:h2:mem:bh_overrides_" + UUID.randomUUID().toString().substring(0, 8)
            + ";DB_CLOSE_DELAY=-1";
    final SharedStoreNodes nodes = new SharedStoreNodes(server);
    Path directory;

    @BeforeEach
    void answerA() {
        server.answer(MappingServer.document(MappingFixtures.A));
        directory = TestDirectories.newDirectory("shared-overrides");
    }

    @AfterEach
    void stop() {
        nodes.close();
    }

    Path file(String name, String content) throws Exception {
        Path file = directory.resolve(name);
        if (content != null) {
            Files.writeString(file, content);
        }
        return file;
    }

    static BetaOverrides overrides(String document) throws InvalidMappingException {
        return BetaOverrides.parse(document, ProviderDetector.RECOGNISED);
    }

    static BetaOverrides read(Path file) throws Exception {
        return overrides(Files.readString(file));
    }

    @Test
    void aChangeOnOneNodeIsEveryNodesAtItsNextCheckAndEachFileIsALocalCopy() throws Exception {
        Path twoFile = file("two.json", null);
        BetaHeadersService one = nodes.node("one", database);
        BetaHeadersService two = nodes.node("two", database, FilterSettings.OVERRIDES_FILE, twoFile.toString());
        assertEquals(OptionalLong.of(JdbcStore.NO_REVISION), one.overridesRevision());
        assertTrue(one.overridesWhere().contains("shared store anthropic_beta_headers_overrides"),
                one.overridesWhere());
        assertTrue(two.overridesWhere().contains("local copy " + twoFile), two.overridesWhere());

        one.replaceOverrides(DROP_X.getBytes(StandardCharsets.UTF_8));
        assertEquals(overrides(DROP_X), one.overrides(), "active at once where it was made");
        long revision = store(database).latestOverridesRevision().orElseThrow();
        assertEquals(OptionalLong.of(revision), one.overridesRevision());
        await("node two adopted the overrides", () -> two.overridesRevision().getAsLong() == revision);
        assertEquals(overrides(DROP_X), two.overrides());
        assertEquals(overrides(DROP_X), read(twoFile), "node two's local copy");
        assertFalse(two.current().mapping().overrides().isEmpty(), "what requests read");

        assertTrue(two.clearOverrides());
        assertEquals(BetaOverrides.NONE, two.overrides());
        await("node one adopted the removal", () -> one.overrides().isEmpty());
        assertEquals(two.overridesRevision(), one.overridesRevision());
        assertEquals(BetaOverrides.NONE, read(twoFile));
        assertTrue(one.current().mapping().overrides().isEmpty());
    }

    @Test
    void aDeleteIsPublishedForTheClusterEvenWhereTheNodeHadNoneYet() throws Exception {
        BetaHeadersService one = nodes.node("one", database);
        JdbcStore store = store(database);
        long elsewhere = store.publishOverrides(DROP_X.getBytes(StandardCharsets.UTF_8), "other").revision();
        one.clearOverrides();
        PublishedOverrides latest = store.latestOverrides().orElseThrow();
        assertTrue(latest.revision() > elsewhere, "the removal was not published");
        assertEquals(BetaOverrides.NONE, overrides(new String(latest.document(), StandardCharsets.UTF_8)));
        assertEquals(BetaOverrides.NONE, one.overrides());
        assertEquals(OptionalLong.of(latest.revision()), one.overridesRevision());
    }

    @Test
    void aStoreWithoutOverridesStartsFromTheFileOfTheFirstNodeThatHasOne() throws Exception {
        BetaHeadersService one = nodes.node("one", database);
        Path file = file("two.json", DROP_X);
        BetaHeadersService two = nodes.node("two", database, FilterSettings.OVERRIDES_FILE, file.toString());
        assertEquals(overrides(DROP_X), two.overrides());
        BetaOverrides fromFile = overrides(DROP_X);
        await("node one adopted node two's file", () -> one.overrides().equals(fromFile));
        assertEquals(OptionalLong.of(1), store(database).latestOverridesRevision());
        assertEquals(OptionalLong.of(1), two.overridesRevision());
    }

    @Test
    void aNodeStartsFromTheStoresOverridesOverItsFileAndRewritesTheCopy() throws Exception {
        BetaHeadersService one = nodes.node("one", database);
        one.replaceOverrides(DROP_Y.getBytes(StandardCharsets.UTF_8));
        Path stale = file("stale.json", DROP_X);
        BetaHeadersService two = nodes.node("two", database, FilterSettings.OVERRIDES_FILE, stale.toString());
        assertEquals(overrides(DROP_Y), two.overrides(), "before it served its first request");
        assertEquals(overrides(DROP_Y), two.current().mapping().overrides());
        assertEquals(one.overridesRevision(), two.overridesRevision());
        assertEquals(overrides(DROP_Y), read(stale));
    }

    @Test
    void aStoreThatDoesNotAnswerChangesNothingAndTheNodeStartsFromItsLocalCopy() throws Exception {
        Path file = file("copy.json", DROP_X);
        BetaHeadersService down = nodes.node("down", DOWN, FilterSettings.OVERRIDES_FILE, file.toString());
        assertEquals(overrides(DROP_X), down.overrides(), "the last overrides it knew");
        assertEquals(OptionalLong.of(JdbcStore.NO_REVISION), down.overridesRevision());
        assertThrows(StoreException.class, () -> down.replaceOverrides(DROP_Y.getBytes(StandardCharsets.UTF_8)));
        assertThrows(StoreException.class, down::clearOverrides);
        assertEquals(overrides(DROP_X), down.overrides());
        assertEquals(overrides(DROP_X), down.current().mapping().overrides());
        assertEquals(DROP_X, Files.readString(file), "the local copy changed");
        assertThrows(InvalidMappingException.class, () -> down.replaceOverrides("{\"bedrock\": 1}"
                .getBytes(StandardCharsets.UTF_8)), "checked before the store is asked");
    }

    @Test
    void overridesInTheStoreThatANodeCannotTakeAreNeverAdopted() throws Exception {
        BetaHeadersService one = nodes.node("one", database);
        one.replaceOverrides(DROP_X.getBytes(StandardCharsets.UTF_8));
        JdbcStore store = store(database);
        try (CapturedLog log = CapturedLog.of(CapturedLog.FILTER_LOGGER)) {
            long unknown = store.publishOverrides("{\"nowhere\": {\"x\": null}}".getBytes(StandardCharsets.UTF_8),
                    "intruder").revision();
            await("the revision naming an unknown provider refused", () -> log.has(Level.WARNING, "revision "
                    + unknown, "published by intruder", "unknown provider [nowhere]", "the overrides in force here"));
            long broken = store.publishOverrides("{\"bedrock\": {\"x\": \u0000".getBytes(StandardCharsets.UTF_8),
                    "intruder").revision();
            await("the broken revision refused", () -> log.has(Level.WARNING, "revision " + broken,
                    "published by intruder", "the overrides in force here stay"));
            assertEquals(overrides(DROP_X), one.overrides());
            BetaHeadersService two = nodes.node("two", database);
            assertEquals(BetaOverrides.NONE, two.overrides(), "a new node took a broken revision at start");
            assertTrue(log.has(Level.WARNING, "filter [two]", "revision " + broken), log.text(Level.WARNING));
            long good = store.publishOverrides(DROP_Y.getBytes(StandardCharsets.UTF_8), "operator").revision();
            await("a later valid revision adopted by both", () -> one.overridesRevision().getAsLong() == good
                    && two.overridesRevision().getAsLong() == good);
            assertEquals(overrides(DROP_Y), one.overrides());
            assertEquals(overrides(DROP_Y), two.overrides());
            assertEquals(1, log.entries().stream().filter(e -> e.level() == Level.WARNING
                    && e.message().contains("filter [one]") && e.message().contains("revision " + broken)).count(),
                    "warned once: " + log.text(Level.WARNING));
        }
    }
}
