package io.github.betaheaders.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.betaheaders.testsupport.ClaudeCodeRequests;
import io.github.betaheaders.testsupport.Gateway;
import io.github.betaheaders.testsupport.RecordingUpstream;
import io.github.betaheaders.testsupport.RecordingUpstream.Recorded;
import io.github.betaheaders.testsupport.ThroughEachGateway;
import java.util.ArrayList;
import java.util.List;
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
 * plain socket so that header names keep their case and repeated lines stay separate lines. Only what the proxies and
 * containers could get wrong is here (the header lines they forward, what else they forward); the rules themselves
 * are in {@link AnthropicBetaHeadersFilterTest}.
 */
class ProxiedHeaderRewritingIT {

    /** Route prefix of the proxy servlet; the filter recognises the provider from the end of the path. */
    static final String PREFIX = "/llm-gateway";
    static final String BEDROCK_PATH = PREFIX + "/model/us.anthropic.claude-opus-5-5/invoke";
    static final String ANTHROPIC_PATH = PREFIX + "/v1/messages";

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
        assertEquals(ClaudeCodeRequests.headerUnderBundledMapping(captured.providerMode()),
                r.header("anthropic-beta"));
        for (String name : List.of("Accept", "Content-Type", "anthropic-version")) {
            assertEquals(List.of(captured.header(name)), r.headers(name), name);
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
    void headerIsRemovedWhenNothingIsLeft(Gateway gateway) throws Exception {
        Recorded allDropped = send(gateway, BEDROCK_PATH,
                "anthropic-beta: claude-code-20250219,interleaved-thinking-2025-05-14", "X-Marker: dropped");
        assertEquals(List.of(), allDropped.headers("anthropic-beta"));
        assertEquals("dropped", allDropped.header("x-marker"));

        Recorded onlyEmptyItems = send(gateway, ANTHROPIC_PATH, "anthropic-beta: , ,");
        assertEquals(List.of(), onlyEmptyItems.headers("anthropic-beta"));
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
}
