package io.github.betaheaders.bench.load;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads HTTP/1.1 responses one after another from one connection and discards their bodies ({@code Content-Length},
 * chunked, or up to the end of the stream), with its own buffer: no per-byte locking and no strings, so that a load
 * generator sharing the machine with the server spends little of it. Not thread-safe: one per connection.
 */
final class HttpResponseReader extends HttpMessageReader {

    private static final byte[] VERSION = bytes("http/1.1 ");
    private static final byte[] CONTENT_LENGTH = bytes("content-length:");
    private static final byte[] TRANSFER_ENCODING = bytes("transfer-encoding:");
    private static final byte[] CONNECTION = bytes("connection:");
    private static final byte[] CHUNKED = bytes("chunked");
    private static final byte[] CLOSE = bytes("close");

    private boolean closing;

    /** @param buffer where responses are read into; a response head must fit in it */
    HttpResponseReader(InputStream in, byte[] buffer) {
        super(in, buffer, "response");
    }

    /**
     * Reads the next response through the end of its body and returns its status code.
     *
     * @throws IOException when the connection ends early or what arrives is not an HTTP/1.1 response
     */
    int next() throws IOException {
        int headEnd = headEnd();
        int status = status();
        long length = -1;
        boolean chunked = false;
        closing = false;
        int line = lineEnd(position, headEnd) + 2;
        while (line < headEnd - 2) {
            int lineEnd = lineEnd(line, headEnd);
            if (startsWithIgnoringCase(line, CONTENT_LENGTH)) {
                length = number(line + CONTENT_LENGTH.length, lineEnd, 10);
            } else if (startsWithIgnoringCase(line, TRANSFER_ENCODING)) {
                chunked = contains(line + TRANSFER_ENCODING.length, lineEnd, CHUNKED);
            } else if (startsWithIgnoringCase(line, CONNECTION)) {
                closing = contains(line + CONNECTION.length, lineEnd, CLOSE);
            }
            line = lineEnd + 2;
        }
        position = headEnd;
        if (status / 100 == 1 || status == 204 || status == 304) {
            return status;
        }
        if (chunked) {
            skipChunks();
        } else if (length >= 0) {
            skip(length);
        } else {
            closing = true;
            do {
                position = end;
            } while (fill());
        }
        return status;
    }

    /** Whether the server ends the connection after the last response read. */
    boolean closing() {
        return closing;
    }

    private int status() throws IOException {
        if (end - position < 12 || !startsWithIgnoringCase(position, VERSION)) {
            throw new IOException("not an HTTP/1.1 response: "
                    + new String(buffer, position, Math.min(end - position, 40), StandardCharsets.ISO_8859_1));
        }
        return (int) number(position + 9, position + 12, 10);
    }

    /** The index of the CR of the line starting at {@code from}, within {@code limit}. */
    private int lineEnd(int from, int limit) throws IOException {
        for (int i = from; i + 1 < limit; i++) {
            if (buffer[i] == '\r' && buffer[i + 1] == '\n') {
                return i;
            }
        }
        throw new IOException("a line without CRLF");
    }

    /** Reads one line of a chunked body (size or trailer), reading as needed; returns the index of its CR. */
    private int chunkLine() throws IOException {
        while (true) {
            for (int i = position; i + 1 < end; i++) {
                if (buffer[i] == '\r' && buffer[i + 1] == '\n') {
                    return i;
                }
            }
            if (!fill()) {
                throw new IOException("connection closed in a chunked body");
            }
        }
    }

    private void skipChunks() throws IOException {
        while (true) {
            int lineEnd = chunkLine();
            int sizeEnd = lineEnd;
            for (int i = position; i < lineEnd; i++) {
                if (buffer[i] == ';') {
                    sizeEnd = i;
                    break;
                }
            }
            long size = number(position, sizeEnd, 16);
            position = lineEnd + 2;
            if (size == 0) {
                break;
            }
            skip(size);
            int crlf = chunkLine();
            if (crlf != position) {
                throw new IOException("a chunk longer than its size");
            }
            position = crlf + 2;
        }
        for (int trailer = chunkLine(); trailer != position; trailer = chunkLine()) {
            position = trailer + 2;
        }
        position += 2;
    }

    private void skip(long count) throws IOException {
        while (count > 0) {
            if (position == end && !fill()) {
                throw new IOException("connection closed in a body");
            }
            int taken = (int) Math.min(count, end - position);
            position += taken;
            count -= taken;
        }
    }

    private long number(int from, int to, int radix) throws IOException {
        while (from < to && buffer[from] == ' ') {
            from++;
        }
        while (to > from && buffer[to - 1] == ' ') {
            to--;
        }
        if (from == to || to - from > 15) {
            throw new IOException("not a number: " + new String(buffer, from, to - from, StandardCharsets.ISO_8859_1));
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            int digit = Character.digit(buffer[i], radix);
            if (digit < 0) {
                throw new IOException("not a number: " + new String(buffer, from, to - from,
                        StandardCharsets.ISO_8859_1));
            }
            value = value * radix + digit;
        }
        return value;
    }

    private boolean startsWithIgnoringCase(int at, byte[] lowerCase) {
        if (end - at < lowerCase.length) {
            return false;
        }
        for (int i = 0; i < lowerCase.length; i++) {
            if (Character.toLowerCase(buffer[at + i]) != lowerCase[i]) {
                return false;
            }
        }
        return true;
    }

    private boolean contains(int from, int to, byte[] lowerCase) {
        for (int i = from; i + lowerCase.length <= to; i++) {
            if (startsWithIgnoringCase(i, lowerCase)) {
                return true;
            }
        }
        return false;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
