package io.github.betaheaders.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.betaheaders.testsupport.Gateway;
import io.github.betaheaders.testsupport.JettyGateway;
import io.github.betaheaders.testsupport.ProxyServletKind;
import io.github.betaheaders.testsupport.RecordingUpstream;
import io.github.betaheaders.testsupport.ThroughEachGateway;
import io.github.betaheaders.testsupport.TomcatGateway;
import jakarta.servlet.ServletOutputStream;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * A streamed response (server-sent events) passes through the filter and the proxy servlet unbuffered: the upstream
 * sends the first event, then waits until the client has read it before it sends the last one. Both containers, with
 * MITRE's proxy servlet (which flushes chunked responses) and Jetty's with flushing added
 * ({@link io.github.betaheaders.testsupport.FlushingJettyProxyServlet}: the plain one buffers, whatever the filter).
 */
class StreamedResponseIT {

    static final String FIRST_EVENT = "event: message_start\ndata: {\"type\":\"message_start\"}\n\n";
    static final String LAST_EVENTS = "event: content_block_delta\ndata: {\"type\":\"content_block_delta\"}\n\n"
            + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
    /** How long the upstream waits for the client to read the first event; a buffering proxy makes it wait in vain. */
    static final Duration PATIENCE = Duration.ofSeconds(5);

    static RecordingUpstream upstream;
    static final List<Gateway> gateways = new ArrayList<>();
    static final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    CountDownLatch firstEventRead;
    AtomicBoolean clientHadFirstEventBeforeLast;

    @BeforeAll
    static void start() throws Exception {
        upstream = new RecordingUpstream().start();
        for (ProxyServletKind proxy : List.of(ProxyServletKind.JETTY_FLUSHING, ProxyServletKind.MITRE)) {
            for (Gateway gateway : List.of(new JettyGateway(), new TomcatGateway())) {
                gateways.add(gateway.proxyServlet(proxy).filterParam("localOnly", "true").route("/aws", upstream.uri())
                        .start());
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        for (Gateway gateway : gateways) {
            gateway.close();
        }
        upstream.close();
    }

    static List<Gateway> gateways() {
        return gateways;
    }

    @BeforeEach
    void streamFromUpstream() {
        upstream.clear();
        CountDownLatch latch = new CountDownLatch(1);
        AtomicBoolean inTime = new AtomicBoolean();
        firstEventRead = latch;
        clientHadFirstEventBeforeLast = inTime;
        upstream.respondWith((request, response) -> {
            response.setStatus(200);
            response.setContentType("text/event-stream");
            ServletOutputStream out = response.getOutputStream();
            out.write(FIRST_EVENT.getBytes(StandardCharsets.UTF_8));
            out.flush();
            try {
                inTime.set(latch.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            out.write(LAST_EVENTS.getBytes(StandardCharsets.UTF_8));
        });
    }

    @ThroughEachGateway
    void clientReadsTheFirstEventBeforeTheUpstreamSendsTheLast(Gateway gateway) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(gateway.uri().resolve("/aws/model/m/invoke-with-response-stream"))
                .header("anthropic-beta", "claude-code-20250219,advanced-tool-use-2025-11-20")
                .header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString("{\"stream\":true}")).build();
        HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            StringBuilder first = new StringBuilder();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                first.append(line).append('\n');
                if (line.isEmpty()) {
                    break;
                }
            }
            assertEquals(FIRST_EVENT, first.toString());
            firstEventRead.countDown();
            StringBuilder rest = new StringBuilder();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                rest.append(line).append('\n');
            }
            assertEquals(LAST_EVENTS, rest.toString());
        }
        assertTrue(clientHadFirstEventBeforeLast.get(), "the first event reached the client only with the last: "
                + "the response was buffered");
        assertEquals("tool-search-tool-2025-10-19", upstream.take().header("anthropic-beta"));
    }
}
