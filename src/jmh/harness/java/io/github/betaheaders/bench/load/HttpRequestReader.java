package io.github.betaheaders.bench.load;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * Reads HTTP/1.1 requests one after another from one connection, each with its whole body ({@code Content-Length}
 * or chunked), and notes when the first bytes of each arrived: {@link System#nanoTime()} just after the read that
 * returned them. Heads and bodies are bounded; a request beyond a bound is an {@link IOException}. Not thread-safe:
 * one per connection.
 */
final class HttpRequestReader extends HttpMessageReader {

    /** The request just read; its body is valid until the next call of {@link #next()}. */
    record Request(long firstByteNanos, String method, String target, byte[] body, int bodyLength, boolean closing) {
    }

    private static final int MAX_LINE_BYTES = 8 * 1024;

    private final int maxBodyBytes;
    private byte[] body = new byte[64 * 1024];
    private int bodyLength;

    /**
     * @param maxHeadBytes the largest request head (request line and headers) accepted
     * @param maxBodyBytes the largest body accepted
     */
    HttpRequestReader(InputStream in, int maxHeadBytes, int maxBodyBytes) {
        super(in, new byte[maxHeadBytes], "request");
        this.maxBodyBytes = maxBodyBytes;
    }

    /**
     * Reads the next request through the end of its body; {@code null} when the connection ends before one starts.
     *
     * @throws IOException when the connection ends within a request, what arrives is not an HTTP/1.1 request, or a
     *                     bound is passed
     */
    Request next() throws IOException {
        if (position == end) {
            position = 0;
            end = 0;
            int read = in.read(buffer, 0, buffer.length);
            if (read < 0) {
                return null;
            }
            end = read;
        }
        long firstByteNanos = System.nanoTime();
        int headEnd = headEnd();
        String[] lines = new String(buffer, position, headEnd - position, StandardCharsets.ISO_8859_1)
                .split("\r\n");
        position = headEnd;
        String[] requestLine = lines[0].split(" ");
        if (requestLine.length != 3 || !requestLine[2].equals("HTTP/1.1")) {
            throw new IOException("not an HTTP/1.1 request line: [" + lines[0] + "]");
        }
        long length = -1;
        boolean chunked = false;
        boolean closing = false;
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                throw new IOException("not a header line: [" + lines[i] + "]");
            }
            String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = lines[i].substring(colon + 1).trim().toLowerCase(Locale.ROOT);
            switch (name) {
                case "content-length" -> length = contentLength(value);
                case "transfer-encoding" -> chunked = value.contains("chunked");
                case "connection" -> closing = value.contains("close");
                default -> {
                    // not needed to frame the body
                }
            }
        }
        bodyLength = 0;
        if (chunked) {
            readChunks();
        } else if (length > 0) {
            readBody(length);
        }
        return new Request(firstByteNanos, requestLine[0], requestLine[1], body, bodyLength, closing);
    }

    private long contentLength(String value) throws IOException {
        try {
            long length = Long.parseLong(value);
            if (length >= 0) {
                return length;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IOException("not a Content-Length: [" + value + "]");
    }

    /** The next line of a chunked body (a size or a trailer), without its CRLF, reading as needed. */
    private String line() throws IOException {
        while (true) {
            for (int i = position; i + 1 < end; i++) {
                if (buffer[i] == '\r' && buffer[i + 1] == '\n') {
                    String line = new String(buffer, position, i - position, StandardCharsets.ISO_8859_1);
                    position = i + 2;
                    return line;
                }
            }
            if (end - position > MAX_LINE_BYTES) {
                throw new IOException("a chunk line longer than " + MAX_LINE_BYTES + " bytes");
            }
            if (!fill()) {
                throw new IOException("the connection ended in a chunked body");
            }
        }
    }

    private void readChunks() throws IOException {
        while (true) {
            String line = line();
            int semicolon = line.indexOf(';');
            long size;
            try {
                size = Long.parseLong((semicolon < 0 ? line : line.substring(0, semicolon)).trim(), 16);
            } catch (NumberFormatException e) {
                throw new IOException("not a chunk size: [" + line + "]");
            }
            if (size < 0) {
                throw new IOException("not a chunk size: [" + line + "]");
            }
            if (size == 0) {
                break;
            }
            readBody(size);
            if (!line().isEmpty()) {
                throw new IOException("a chunk longer than its size");
            }
        }
        while (!line().isEmpty()) {
            // trailers are read and ignored
        }
    }

    /** Appends the next {@code count} bytes of the connection to the body. */
    private void readBody(long count) throws IOException {
        if (count > maxBodyBytes - bodyLength) {
            throw new IOException("a body larger than " + maxBodyBytes + " bytes");
        }
        int wanted = bodyLength + (int) count;
        if (wanted > body.length) {
            body = Arrays.copyOf(body, Math.max(wanted, (int) Math.min(maxBodyBytes, 2L * body.length)));
        }
        int buffered = Math.min(end - position, (int) count);
        System.arraycopy(buffer, position, body, bodyLength, buffered);
        position += buffered;
        bodyLength += buffered;
        while (bodyLength < wanted) {
            int read = in.read(body, bodyLength, wanted - bodyLength);
            if (read < 0) {
                throw new IOException("the connection ended in a body");
            }
            bodyLength += read;
        }
    }
}
