package io.github.betaheaders.it.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.betaheaders.testsupport.RecordingUpstream;
import jakarta.servlet.ServletOutputStream;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Streamed answers come back through the filter and the gateway unchanged and as they arrive: the upstream sends the
 * first piece, then waits until the client has read it before it sends the rest (a buffering gateway makes it wait
 * in vain). Server-sent events on the Anthropic route, Bedrock's binary event stream on the Bedrock route.
 */
class StreamedAnswersTest extends GatewayTestBase {

    static final byte[] FIRST_EVENT = "event: message_start\ndata: {\"type\":\"message_start\"}\n\n"
            .getBytes(StandardCharsets.UTF_8);
    static final byte[] LAST_EVENTS = ("event: content_block_delta\ndata: {\"type\":\"content_block_delta\"}\n\n"
            + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n").getBytes(StandardCharsets.UTF_8);
    /** An event-stream frame's shape: lengths, CRCs and headers are binary, with zero bytes and bytes above 0x7f. */
    static final byte[] FIRST_FRAME = {0, 0, 0, 0x3e, 0, 0, 0, 0x20, (byte) 0x8f, 0x1d, (byte) 0xc2, 0x07, 0x0b, ':',
        'e', 'v', 'e', 'n', 't', '-', 't', 'y', 'p', 'e', 7, 0, 5, 'c', 'h', 'u', 'n', 'k', (byte) 0xff, (byte) 0xfe};
    static final byte[] LAST_FRAME = {0, 0, 0, 0x10, 0, 0, 0, 0, (byte) 0xa1, 0x00, 0x7f, (byte) 0x80, 1, 2, 3, 4};

    CountDownLatch firstRead;
    AtomicBoolean firstReadInTime;

    @BeforeEach
    void clear() {
        clearUpstreams();
        firstRead = new CountDownLatch(1);
        firstReadInTime = new AtomicBoolean();
    }

    RecordingUpstream.Responder streaming(String contentType, byte[] first, byte[] rest) {
        CountDownLatch latch = firstRead;
        AtomicBoolean inTime = firstReadInTime;
        return (request, response) -> {
            response.setStatus(200);
            response.setContentType(contentType);
            ServletOutputStream out = response.getOutputStream();
            out.write(first);
            out.flush();
            try {
                inTime.set(latch.await(5, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            out.write(rest);
        };
    }

    @ParameterizedTest(name = "{0} {2}")
    @CsvSource({
        "anthropic, /anthropic/v1/messages?beta=true, text/event-stream, interleaved-thinking-2025-05-14",
        "bedrock, /bedrock/model/us.anthropic.claude-opus-5-5/invoke-with-response-stream, "
                + "application/vnd.amazon.eventstream, effort-2025-11-24",
    })
    void answerStreamsThroughUnchanged(String mode, String target, String contentType, String arrivingBetas)
            throws Exception {
        boolean sse = contentType.equals("text/event-stream");
        byte[] first = sse ? FIRST_EVENT : FIRST_FRAME;
        byte[] rest = sse ? LAST_EVENTS : LAST_FRAME;
        UPSTREAMS.get(mode).respondWith(streaming(contentType, first, rest));

        HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(gateway(target))
                .header("anthropic-beta", "claude-code-20250219," + arrivingBetas)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"stream\":true}")).build(),
                HttpResponse.BodyHandlers.ofInputStream());

        assertEquals(200, response.statusCode());
        assertEquals(contentType, response.headers().firstValue("content-type").orElse(""));
        try (InputStream body = response.body()) {
            assertArrayEquals(first, body.readNBytes(first.length));
            firstRead.countDown();
            assertArrayEquals(rest, body.readAllBytes());
        }
        assertTrue(firstReadInTime.get(), "the first piece reached the client only with the rest: buffered");
        String expected = mode.equals("anthropic") ? "claude-code-20250219," + arrivingBetas : arrivingBetas;
        assertEquals(expected, UPSTREAMS.get(mode).take().header("anthropic-beta"));
    }
}
