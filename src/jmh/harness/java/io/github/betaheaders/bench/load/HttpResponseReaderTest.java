package io.github.betaheaders.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The load driver's response reader: responses one after another on one connection, each framing, read whole even
 * when the bytes trickle in one at a time and when a head straddles the buffer's end.
 */
class HttpResponseReaderTest {

    static final String LENGTH = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\ncontent-length: 11\r\n\r\n"
            + "{\"ok\":true}";
    static final String CHUNKED = "HTTP/1.1 502 Bad Gateway\r\nTransfer-Encoding: Chunked\r\n\r\n"
            + "4;ext=1\r\n{\"ok\r\n7\r\n\":true}\r\n0\r\nX-Trailer: yes\r\n\r\n";
    static final String NO_CONTENT = "HTTP/1.1 204 No Content\r\nContent-Length: 99\r\n\r\n";
    static final String CLOSE = "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok";
    static final String UNTIL_END = "HTTP/1.1 200 OK\r\n\r\nthe rest of the stream";

    @Test
    void readsResponsesOneAfterAnotherWhateverTheirFraming() throws IOException {
        for (boolean trickle : new boolean[] {false, true}) {
            HttpResponseReader reader = reader(LENGTH + CHUNKED + NO_CONTENT + LENGTH + CLOSE + UNTIL_END, trickle,
                    128);
            assertEquals(200, reader.next());
            assertEquals(502, reader.next());
            assertEquals(204, reader.next());
            assertEquals(200, reader.next());
            assertFalse(reader.closing());
            assertEquals(200, reader.next());
            assertTrue(reader.closing());
            assertEquals(200, reader.next());
            assertTrue(reader.closing());
            IOException end = assertThrows(IOException.class, reader::next);
            assertEquals("connection closed", end.getMessage());
        }
    }

    @Test
    void headsStraddlingTheBufferEndAreReadWhole() throws IOException {
        String many = (LENGTH + CHUNKED).repeat(20);
        for (int size = 90; size <= 120; size++) {
            HttpResponseReader reader = reader(many, false, size);
            for (int i = 0; i < 20; i++) {
                assertEquals(200, reader.next(), "buffer " + size + ", response " + i);
                assertEquals(502, reader.next(), "buffer " + size + ", response " + i);
            }
        }
    }

    @Test
    void whatIsNotAWholeResponseFails() {
        assertEquals("connection closed in a response head",
                assertThrows(IOException.class, reader("HTTP/1.1 200 OK\r\nContent-", false, 128)::next).getMessage());
        assertEquals("connection closed in a body",
                assertThrows(IOException.class, reader(LENGTH.substring(0, LENGTH.length() - 1), false, 128)::next)
                        .getMessage());
        assertEquals("connection closed in a chunked body",
                assertThrows(IOException.class, reader(CHUNKED.substring(0, 70), false, 128)::next).getMessage());
        assertTrue(assertThrows(IOException.class, reader("SSH-2.0-OpenSSH\r\n\r\n", false, 128)::next).getMessage()
                .startsWith("not an HTTP/1.1 response: SSH-2.0"));
        assertEquals("a response head larger than 32 bytes",
                assertThrows(IOException.class, reader(LENGTH, false, 32)::next).getMessage());
        String badLength = "HTTP/1.1 200 OK\r\nContent-Length: 1x\r\n\r\n";
        assertEquals("not a number: 1x",
                assertThrows(IOException.class, reader(badLength, false, 128)::next).getMessage());
    }

    private static HttpResponseReader reader(String responses, boolean trickle, int bufferSize) {
        InputStream in = new ByteArrayInputStream(responses.getBytes(StandardCharsets.ISO_8859_1));
        if (trickle) {
            in = new OneByteAtATime(in);
        }
        return new HttpResponseReader(in, new byte[bufferSize]);
    }
}
