package io.github.betaheaders.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.betaheaders.metrics.BetaCounters;
import io.github.betaheaders.metrics.BetaLocation;
import io.github.betaheaders.metrics.BetaOutcome;
import io.github.betaheaders.metrics.RequestResult;
import io.github.betaheaders.testsupport.CapturedLog;
import io.github.betaheaders.testsupport.Gateway;
import io.github.betaheaders.testsupport.ProxyServletKind;
import io.github.betaheaders.testsupport.RecordingUpstream;
import io.github.betaheaders.testsupport.RecordingUpstream.Recorded;
import io.github.betaheaders.testsupport.TestDirectories;
import io.github.betaheaders.testsupport.JettyGateway;
import io.github.betaheaders.testsupport.TomcatGateway;
import jakarta.servlet.ServletOutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code reportDroppedBetas}: the answer tells the client what the filter dropped and renamed, through Jetty's
 * ProxyServlet and MITRE's, in both containers, on plain and streamed answers, for header and body betas; and
 * {@code mode=report}: the upstream gets every request as sent while the answer header, the counters and the log say
 * what enforce would have done.
 */
class AnswerHeadersIT {

    static final String PREFIX = "/gw";
    static final String BEDROCK = PREFIX + "/model/m/invoke";
    static final String MAPPING = "{\"anthropic\":{},\"bedrock\":{\"x-beta\":\"x-b\",\"y-beta\":null,"
            + "\"z-beta\":\"z-beta\"}}";
    static final String CLIENT_BETAS = "x-beta,y-beta,z-beta,new-beta";
    static final String BODY = "{\"anthropic_beta\":[\"x-beta\",\"other-beta\"],\"max_tokens\":1}";

    static RecordingUpstream upstream;
    static final List<Gateway> enforcing = new ArrayList<>();
    static final List<Gateway> reporting = new ArrayList<>();
    static final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    static void start() throws Exception {
        Path dir = TestDirectories.newDirectory("answer-headers");
        Path mapping = Files.writeString(dir.resolve("mapping.json"), MAPPING);
        upstream = new RecordingUpstream().start();
        for (String mode : List.of("enforce", "report")) {
            List<Gateway> started = mode.equals("enforce") ? enforcing : reporting;
            for (Gateway gateway : pairings()) {
                started.add(gateway.filterParam("localOnly", "true").filterParam("configFile", mapping.toString())
                        .filterParam("reportDroppedBetas", "true").filterParam("mode", mode)
                        .route(PREFIX, upstream.uri()).start());
            }
        }
    }

    /** Each container with Jetty's ProxyServlet (flushing, for the streamed answers) and MITRE's. */
    static List<Gateway> pairings() {
        List<Gateway> out = new ArrayList<>();
        for (ProxyServletKind proxy : List.of(ProxyServletKind.JETTY_FLUSHING, ProxyServletKind.MITRE)) {
            out.add(new JettyGateway().proxyServlet(proxy));
            out.add(new TomcatGateway().proxyServlet(proxy));
        }
        return out;
    }

    @AfterAll
    static void stop() throws Exception {
        for (Gateway gateway : Stream.concat(enforcing.stream(), reporting.stream()).toList()) {
            gateway.close();
        }
        upstream.close();
    }

    @BeforeEach
    void plainAnswers() {
        upstream.clear();
        upstream.respondWith(RecordingUpstream.OK_JSON);
    }

    static List<Gateway> enforcing() {
        return enforcing;
    }

    static List<Gateway> reporting() {
        return reporting;
    }

    private static HttpResponse<String> post(Gateway gateway, String betas, String jsonBody) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway.uri().resolve(BEDROCK))
                .timeout(Duration.ofSeconds(30));
        if (betas != null) {
            request.header("anthropic-beta", betas);
        }
        request.header("Content-Type", jsonBody == null ? "text/plain" : "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(jsonBody == null ? "{}" : jsonBody));
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response;
    }

    private static String header(HttpResponse<?> response, String name) {
        List<String> values = response.headers().allValues(name);
        assertTrue(values.size() <= 1, name + " answered " + values.size() + " times: " + values);
        return values.isEmpty() ? null : values.get(0);
    }

    @ParameterizedTest(name = "{0}", autoCloseArguments = false)
    @MethodSource("enforcing")
    void theAnswerSaysWhatWasDroppedAndRenamedFromTheHeader(Gateway gateway) throws Exception {
        HttpResponse<String> response = post(gateway, CLIENT_BETAS, null);
        assertEquals("x-b,z-beta", upstream.take().header("anthropic-beta"));
        assertEquals("y-beta,new-beta", header(response, "x-anthropic-beta-dropped"));
        assertEquals("x-beta=x-b", header(response, "x-anthropic-beta-renamed"));
        assertEquals("{\"ok\":true}", response.body());
    }

    @ParameterizedTest(name = "{0}", autoCloseArguments = false)
    @MethodSource("enforcing")
    void theAnswerSaysWhatWasDroppedFromTheBodyReadWithoutBlocking(Gateway gateway) throws Exception {
        HttpResponse<String> response = post(gateway, "z-beta", BODY);
        assertEquals("{\"anthropic_beta\":[\"x-b\"],\"max_tokens\":1}", upstream.take().bodyText());
        assertEquals("other-beta", header(response, "x-anthropic-beta-dropped"));
        assertEquals("x-beta=x-b", header(response, "x-anthropic-beta-renamed"));
    }

    @ParameterizedTest(name = "{0}", autoCloseArguments = false)
    @MethodSource("enforcing")
    void nothingDroppedOrRenamedAnswersNoHeader(Gateway gateway) throws Exception {
        HttpResponse<String> response = post(gateway, "z-beta", null);
        assertEquals("z-beta", upstream.take().header("anthropic-beta"));
        assertNull(header(response, "x-anthropic-beta-dropped"));
        assertNull(header(response, "x-anthropic-beta-renamed"));
    }

    @ParameterizedTest(name = "{0}", autoCloseArguments = false)
    @MethodSource("enforcing")
    void aStreamedAnswerCarriesTheHeadersToo(Gateway gateway) throws Exception {
        upstream.respondWith((request, response) -> {
            response.setStatus(200);
            response.setContentType("text/event-stream");
            ServletOutputStream out = response.getOutputStream();
            out.write("event: message_start\ndata: {}\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            out.write("event: message_stop\ndata: {}\n\n".getBytes(StandardCharsets.UTF_8));
        });
        HttpResponse<String> response = post(gateway, CLIENT_BETAS, "{\"stream\":true}");
        upstream.take();
        assertEquals("text/event-stream", header(response, "Content-Type"));
        assertEquals("event: message_start\ndata: {}\n\nevent: message_stop\ndata: {}\n\n", response.body());
        assertEquals("y-beta,new-beta", header(response, "x-anthropic-beta-dropped"));
        assertEquals("x-beta=x-b", header(response, "x-anthropic-beta-renamed"));
    }

    @ParameterizedTest(name = "{0}", autoCloseArguments = false)
    @MethodSource("reporting")
    void reportModeForwardsEverythingAsSentAndSaysWhatEnforceWouldHaveDone(Gateway gateway) throws Exception {
        BetaCounters counters = gateway.service().counters();
        long changedBefore = counters.requests("bedrock", RequestResult.CHANGED);
        long renamedBefore = counters.betas("bedrock", "x-beta", BetaLocation.BODY, BetaOutcome.RENAMED);
        String unmentioned = "report-" + Integer.toHexString(System.identityHashCode(gateway));
        try (CapturedLog log = CapturedLog.of(CapturedLog.FILTER_LOGGER)) {
            HttpResponse<String> response = post(gateway, CLIENT_BETAS + "," + unmentioned, BODY);
            Recorded r = upstream.take();
            assertEquals(CLIENT_BETAS + "," + unmentioned, r.header("anthropic-beta"));
            assertEquals(BODY, r.bodyText());
            assertEquals("y-beta,new-beta," + unmentioned + ",other-beta", header(response,
                    "x-anthropic-beta-dropped"));
            assertEquals("x-beta=x-b", header(response, "x-anthropic-beta-renamed"));
            assertTrue(log.has(Level.WARNING, "bedrock: would drop (report mode) beta [" + unmentioned + "]"),
                    log.text());
        }
        assertEquals(1, counters.requests("bedrock", RequestResult.CHANGED) - changedBefore);
        assertEquals(1, counters.betas("bedrock", "x-beta", BetaLocation.BODY, BetaOutcome.RENAMED) - renamedBefore);
    }
}
