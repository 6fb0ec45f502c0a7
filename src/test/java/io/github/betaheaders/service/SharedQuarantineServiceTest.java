package io.github.betaheaders.service;

import static io.github.betaheaders.service.SharedStoreNodes.await;
import static io.github.betaheaders.service.SharedStoreNodes.store;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.betaheaders.core.FilterSettings;
import io.github.betaheaders.learn.BetaRefusal;
import io.github.betaheaders.learn.QuarantineEntry;
import io.github.betaheaders.learn.QuarantineSelector;
import io.github.betaheaders.store.JdbcStore;
import io.github.betaheaders.store.StoreException;
import io.github.betaheaders.testsupport.MappingFixtures;
import io.github.betaheaders.testsupport.MappingServer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The quarantine on a shared store (embedded H2): a beta quarantined on one node is dropped on every node within a
 * check, ending it on another node ends it everywhere, an entry's expiry is the time it carries (the same on every
 * node), and with the store down ending one changes nothing.
 */
class SharedQuarantineServiceTest {

    @RegisterExtension
    static final MappingServer server = new MappingServer();

    final String database = "jdbc:h2:mem:bh_quarantine_" + UUID.randomUUID().toString().substring(0, 8)
            + ";DB_CLOSE_DELAY=-1";
    final SharedStoreNodes nodes = new SharedStoreNodes(server);

    @BeforeEach
    void answerA() {
        server.answer(MappingServer.document(MappingFixtures.A));
    }

    @AfterEach
    void stop() {
        nodes.close();
    }

    BetaHeadersService learning(String name, String url) {
        return nodes.node(name, url, FilterSettings.LEARN_FROM_REJECTIONS, "true");
    }

    static List<QuarantineEntry> refuseX(BetaHeadersService node) {
        return node.quarantine().refused("bedrock", "m-1", List.of("x-a", "y-a"), new BetaRefusal(List.of("x-a"),
                "Unexpected value(s) `x-a` for the `anthropic-beta` header"), true, "a test request");
    }

    static boolean drops(BetaHeadersService node, String beta) {
        return node.quarantine().betasFor("bedrock", "m-1").betas().contains(beta);
    }

    @Test
    void aQuarantineLearnedOnOneNodeAppliesOnAllWithinACheckAndEndingItOnAnotherEndsItEverywhere() throws Exception {
        BetaHeadersService one = learning("one", database);
        BetaHeadersService two = learning("two", database);
        BetaHeadersService three = learning("three", database);
        assertEquals(1, refuseX(one).size());
        assertTrue(drops(one, "x-a"), "active at once where it was learned");
        await("nodes two and three drop x-a", () -> drops(two, "x-a") && drops(three, "x-a"));
        assertEquals(one.quarantine().entries(), three.quarantine().entries(), "the same entry, the same expiry");

        List<QuarantineEntry> ended = three.quarantine().remove(QuarantineSelector.ALL);
        assertEquals(1, ended.size(), ended.toString());
        assertTrue(three.quarantine().entries().isEmpty());
        await("no node drops x-a", () -> !drops(one, "x-a") && !drops(two, "x-a"));
        assertEquals(List.of(), store(database).quarantine(Instant.now()));
    }

    @Test
    void anEntryInTheStoreHoldsUntilTheTimeItCarriesOnEveryNode() throws Exception {
        BetaHeadersService one = learning("one", database);
        JdbcStore store = store(database);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS); // the store keeps milliseconds
        QuarantineEntry expired = new QuarantineEntry("bedrock", "m-1", "y-a", QuarantineEntry.UNNAMED, "old",
                now.minus(Duration.ofHours(25)), now.minusSeconds(1));
        QuarantineEntry live = new QuarantineEntry("bedrock", "m-1", "x-a", QuarantineEntry.NAMED, "new",
                now.minusSeconds(10), now.plus(Duration.ofHours(1)));
        store.putQuarantine(List.of(expired, live));
        await("node one drops x-a", () -> drops(one, "x-a"));
        assertEquals(List.of(live), one.quarantine().entries());
        BetaHeadersService two = learning("two", database);
        assertEquals(List.of(live), two.quarantine().entries(), "a node that joins takes the cluster's");
    }

    @Test
    void withTheStoreDownALearnedQuarantineAppliesHereAndEndingOneChangesNothing() throws Exception {
        BetaHeadersService down = learning("down", SharedOverridesServiceTest.DOWN);
        assertEquals(1, refuseX(down).size());
        assertTrue(drops(down, "x-a"));
        assertThrows(StoreException.class, () -> down.quarantine().remove(QuarantineSelector.ALL));
        assertTrue(drops(down, "x-a"), "a quarantine ended without the store");
    }
}
