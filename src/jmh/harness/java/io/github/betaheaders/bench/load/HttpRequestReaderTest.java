package io.github.betaheaders.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The large-body upstream's request reader: requests one after another on one connection, bodies framed by length or
 * chunked, read whole when the bytes come one at a time, and its bounds.
 */
class HttpRequestReaderTest {

    static final String LENGTH = "POST /model/m/invoke HTTP/1.1\r\nHost: x\r\ncontent-length: 11\r\n\r\n{\"ok\":true}";
    static final String CHUNKED = "POST /chunked HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "4;ext=1\r\n{\"ok\r\n7\r\n\":true}\r\n0\r\nX-Trailer: yes\r\n\r\n";
    static final String NO_BODY = "GET /none HTTP/1.1\r\nConnection: close\r\n\r\n";

    @Test
    void readsRequestsOneAfterAnotherWhateverTheirFraming() throws IOException {
        for (boolean trickle : new boolean[] {false, true}) {
            HttpRequestReader reader = reader(LENGTH + CHUNKED + NO_BODY, trickle, 128, 1024);
            long before = System.nanoTime();
            HttpRequestReader.Request first = reader.next();
            assertEquals("/model/m/invoke", first.target());
            assertEquals("{\"ok\":true}", body(first));
            assertFalse(first.closing());
            assertTrue(first.firstByteNanos() >= before);
            HttpRequestReader.Request second = reader.next();
            assertEquals("POST /chunked", second.method() + " " + second.target());
            assertEquals("{\"ok\":true}", body(second));
            HttpRequestReader.Request third = reader.next();
            assertEquals(0, third.bodyLength());
            assertTrue(third.closing());
            assertNull(reader.next());
        }
    }

    @Test
    void failsBeyondItsBoundsAndOnBrokenRequests() {
        assertEquals("a request head larger than 32 bytes",
                assertThrows(IOException.class, reader(LENGTH, false, 32, 1024)::next).getMessage());
        assertEquals("a body larger than 10 bytes",
                assertThrows(IOException.class, reader(LENGTH, false, 128, 10)::next).getMessage());
        assertEquals("a body larger than 10 bytes",
                assertThrows(IOException.class, reader(CHUNKED, false, 128, 10)::next).getMessage());
        assertEquals("connection closed in a request head",
                assertThrows(IOException.class, reader("POST / HTTP/1.1\r\nHo", false, 128, 10)::next).getMessage());
        assertEquals("the connection ended in a body",
                assertThrows(IOException.class, reader(LENGTH.substring(0, LENGTH.length() - 1), false, 128, 1024)
                        ::next).getMessage());
        assertEquals("not an HTTP/1.1 request line: [SSH-2.0-OpenSSH]",
                assertThrows(IOException.class, reader("SSH-2.0-OpenSSH\r\n\r\n", false, 128, 10)::next)
                        .getMessage());
    }

    private static String body(HttpRequestReader.Request request) {
        return new String(request.body(), 0, request.bodyLength(), StandardCharsets.UTF_8);
    }

    private static HttpRequestReader reader(String requests, boolean trickle, int maxHead, int maxBody) {
        InputStream in = new ByteArrayInputStream(requests.getBytes(StandardCharsets.ISO_8859_1));
        if (trickle) {
            in = new OneByteAtATime(in);
        }
        return new HttpRequestReader(in, maxHead, maxBody);
    }
}
