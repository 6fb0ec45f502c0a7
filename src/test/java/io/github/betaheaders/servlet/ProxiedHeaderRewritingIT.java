package io.github.betaheaders.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.betaheaders.testsupport.CapturedLog;
import io.github.betaheaders.testsupport.ClaudeCodeRequests;
import io.github.betaheaders.testsupport.Gateway;
import io.github.betaheaders.testsupport.RecordingUpstream;
import io.github.betaheaders.testsupport.RecordingUpstream.Recorded;
import io.github.betaheaders.testsupport.ThroughEachGateway;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The filter (provider recognised from the path, the default) in front of real proxy servlets and a recording
 * upstream, through real HTTP: every container with its own proxy servlet and with the other one. Requests go over a
 * plain socket so that header names keep their case and repeated lines stay separate lines.
 */
class ProxiedHeaderRewritingIT {

    /** Route prefix of the proxy servlet; the filter recognises the provider from the end of the path. */
    static final String PREFIX = "/llm-gateway";
    static final String BEDROCK_PATH = PREFIX + "/model/us.anthropic.claude-opus-5-5/invoke";
    static final String ANTHROPIC_PATH = PREFIX + "/v1/messages";

    /** What each provider mode's captured header becomes under the bundled mapping (LiteLLM, September 2026). */
    static final Map<String, String> FIXTURE_EXPECTED = Map.of(
            "anthropic", "claude-code-20250219,interleaved-thinking-2025-05-14,context-management-2025-06-27,"
                    + "per-turn-control-2026-07-01,mid-conversation-tool-changes-2026-07-01,"
                    + "thinking-token-count-2026-05-13,advanced-tool-use-2025-11-20,effort-2025-11-24",
            "bedrock", "effort-2025-11-24",
            "vertex_ai", "interleaved-thinking-2025-05-14,web-search-2025-03-05,tool-search-tool-2025-10-19",
            "azure_ai", "interleaved-thinking-2025-05-14,context-management-2025-06-27,web-search-2025-03-05,"
                    + "advanced-tool-use-2025-11-20");

    static RecordingUpstream upstream;
    static final List<Gateway> gateways = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        upstream = new RecordingUpstream().start();
        for (Gateway gateway : Gateway.everyPairing()) {
            gateways.add(gateway.filterParam("localOnly", "true").route(PREFIX, upstream.uri()).start());
        }
    }

    @AfterAll
    static void stop() throws Exception {
        for (Gateway gateway : gateways) {
            gateway.close();
        }
        upstream.close();
    }

    @BeforeEach
    void forgetEarlierRequests() {
        upstream.clear();
    }

    static List<Gateway> gateways() {
        return gateways;
    }

    static Stream<Arguments> gatewaysAndCapturedRequests() {
        return gateways.stream().flatMap(g -> ClaudeCodeRequests.load().stream().map(r -> Arguments.of(g, r)));
    }

    private static Recorded send(Gateway gateway, String target, String... headerLines) throws Exception {
        return upstream.postThrough(gateway.uri(), target, headerLines);
    }

    @ParameterizedTest(name = "{1} through {0}", autoCloseArguments = false)
    @MethodSource("gatewaysAndCapturedRequests")
    void claudeCodeRequestOfEachProviderModeIsRewrittenForItsProvider(Gateway gateway,
                                                                       ClaudeCodeRequests.Captured captured)
            throws Exception {
        List<String> lines = new ArrayList<>();
        captured.headers().forEach((name, value) -> lines.add(name + ": " + value));
        Recorded r = send(gateway, PREFIX + captured.path(), lines.toArray(String[]::new));
        assertEquals(captured.pathOnly(), r.path());
        assertEquals(captured.query(), r.query());
        assertEquals(FIXTURE_EXPECTED.get(captured.providerMode()), r.header("anthropic-beta"));
        for (String name : List.of("Accept", "Content-Type", "anthropic-version")) {
            assertEquals(List.of(captured.header(name)), r.headers(name), name);
        }
    }

    @ThroughEachGateway
    void headerNameIsMatchedInAnyCase(Gateway gateway) throws Exception {
        for (String name : List.of("Anthropic-Beta", "ANTHROPIC-BETA", "aNtHrOpIc-BeTa")) {
            Recorded r = send(gateway, BEDROCK_PATH, name + ": claude-code-20250219,effort-2025-11-24");
            assertEquals("effort-2025-11-24", r.header("anthropic-beta"), name);
        }
    }

    @ThroughEachGateway
    void repeatedHeaderLinesAreMergedIntoOneForwardedLine(Gateway gateway) throws Exception {
        Recorded bedrock = send(gateway, BEDROCK_PATH,
                "anthropic-beta: claude-code-20250219, advanced-tool-use-2025-11-20",
                "Anthropic-Beta: effort-2025-11-24");
        assertEquals(List.of("tool-search-tool-2025-10-19,effort-2025-11-24"), bedrock.headers("anthropic-beta"));

        Recorded anthropic = send(gateway, ANTHROPIC_PATH,
                "anthropic-beta: claude-code-20250219", "anthropic-beta: effort-2025-11-24,future-beta-2027-01-01");
        assertEquals(List.of("claude-code-20250219,effort-2025-11-24,future-beta-2027-01-01"),
                anthropic.headers("anthropic-beta"));
    }

    @ThroughEachGateway
    void itemsAreTrimmedAndEmptyItemsIgnored(Gateway gateway) throws Exception {
        Recorded r = send(gateway, BEDROCK_PATH, "anthropic-beta:  effort-2025-11-24 ,, ,\tcontext-1m-2025-08-07 ,");
        assertEquals("effort-2025-11-24,context-1m-2025-08-07", r.header("anthropic-beta"));
    }

    @ThroughEachGateway
    void clientOrderIsKept(Gateway gateway) throws Exception {
        String unsorted = "thinking-display-updates-2026-08-18,effort-2025-11-24,compact-2026-01-12,context-1m-2025-08-07";
        assertEquals(unsorted, send(gateway, BEDROCK_PATH, "anthropic-beta: " + unsorted).header("anthropic-beta"));
    }

    @ThroughEachGateway
    void eachBetaIsForwardedOnceFirstOccurrenceWinning(Gateway gateway) throws Exception {
        Recorded r = send(gateway, BEDROCK_PATH, "anthropic-beta: advanced-tool-use-2025-11-20,effort-2025-11-24,"
                + "tool-search-tool-2025-10-19,effort-2025-11-24");
        assertEquals("tool-search-tool-2025-10-19,effort-2025-11-24", r.header("anthropic-beta"));
    }

    @ThroughEachGateway
    void headerIsRemovedWhenNothingIsLeft(Gateway gateway) throws Exception {
        Recorded allDropped = send(gateway, BEDROCK_PATH,
                "anthropic-beta: claude-code-20250219,interleaved-thinking-2025-05-14", "X-Marker: dropped");
        assertEquals(List.of(), allDropped.headers("anthropic-beta"));
        assertEquals("dropped", allDropped.header("x-marker"));

        Recorded onlyEmptyItems = send(gateway, ANTHROPIC_PATH, "anthropic-beta: , ,");
        assertEquals(List.of(), onlyEmptyItems.headers("anthropic-beta"));
    }

    @ThroughEachGateway
    void requestWithoutTheHeaderPassesUntouched(Gateway gateway) throws Exception {
        Recorded r = send(gateway, BEDROCK_PATH + "?x=1", "anthropic-version: 2023-06-01", "X-Trace: one");
        assertEquals(List.of(), r.headers("anthropic-beta"));
        assertEquals("/model/us.anthropic.claude-opus-5-5/invoke", r.path());
        assertEquals("x=1", r.query());
        assertEquals("2023-06-01", r.header("anthropic-version"));
        assertEquals("one", r.header("x-trace"));
    }

    @ThroughEachGateway
    void pathOfNoKnownShapePassesUntouched(Gateway gateway) throws Exception {
        Recorded r = send(gateway, PREFIX + "/v1/models",
                "anthropic-beta: claude-code-20250219 ,  no-such-beta", "Anthropic-Beta: , effort-2025-11-24");
        assertEquals(List.of("claude-code-20250219 ,  no-such-beta", ", effort-2025-11-24"), r.headers("anthropic-beta"));
    }

    @ThroughEachGateway
    void everyOtherHeaderIsUntouched(Gateway gateway) throws Exception {
        Recorded r = send(gateway, BEDROCK_PATH,
                "X-Trace: one",
                "anthropic-beta: claude-code-20250219,effort-2025-11-24",
                "x-trace: two",
                "X-List: a, b ,c",
                "anthropic-version: 2023-06-01",
                "X-Anthropic-Beta-Like: claude-code-20250219");
        assertEquals("effort-2025-11-24", r.header("anthropic-beta"));
        assertEquals(List.of("one", "two"), r.headers("x-trace"));
        assertEquals("a, b ,c", r.header("x-list"));
        assertEquals("2023-06-01", r.header("anthropic-version"));
        assertEquals("claude-code-20250219", r.header("x-anthropic-beta-like"));
    }

    @ThroughEachGateway
    void bedrockFixtureHeaderIsRewrittenAndRenamed(Gateway gateway) throws Exception {
        Recorded r = send(gateway, BEDROCK_PATH, "anthropic-beta: claude-code-20250219, advanced-tool-use-2025-11-20",
                "anthropic-beta: effort-2025-11-24");
        assertEquals("/model/us.anthropic.claude-opus-5-5/invoke", r.path());
        assertEquals("tool-search-tool-2025-10-19,effort-2025-11-24", r.header("anthropic-beta"));
    }

    @ThroughEachGateway
    void droppedAndRenamedBetasAreLoggedAtDebug(Gateway gateway) throws Exception {
        try (CapturedLog log = CapturedLog.of(CapturedLog.FILTER_LOGGER, Level.FINE)) {
            send(gateway, BEDROCK_PATH, "anthropic-beta: claude-code-20250219,advanced-tool-use-2025-11-20");
            assertTrue(log.has(Level.FINE, "[bedrock]", BEDROCK_PATH, "dropped", "claude-code-20250219", "renamed",
                    "advanced-tool-use-2025-11-20", "tool-search-tool-2025-10-19"), log.entries().toString());
        }
        try (CapturedLog log = CapturedLog.of(CapturedLog.FILTER_LOGGER, Level.FINE)) {
            send(gateway, BEDROCK_PATH, "anthropic-beta: effort-2025-11-24");
            assertEquals(List.of(), log.entries(), "nothing changed, nothing to log");
        }
    }
}
