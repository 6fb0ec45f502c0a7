package io.github.betaheaders.bench.load;

import java.io.IOException;
import java.io.InputStream;

/**
 * What the request and the response reader share: a connection's input read into a buffer of their own, the unread
 * bytes from {@code position} to {@code end}, and finding the end of a message's head in it. A head must fit in the
 * buffer. Not thread-safe: one per connection.
 */
abstract class HttpMessageReader {

    protected final InputStream in;
    protected final byte[] buffer;
    protected int position;
    protected int end;
    /** {@code request} or {@code response}, for the messages of errors. */
    private final String kind;

    HttpMessageReader(InputStream in, byte[] buffer, String kind) {
        this.in = in;
        this.buffer = buffer;
        this.kind = kind;
    }

    /** The index just after the blank line ending the head that starts at {@code position}, reading as needed. */
    protected final int headEnd() throws IOException {
        int from = position;
        while (true) {
            for (int i = Math.max(from, position + 3); i < end; i++) {
                if (buffer[i] == '\n' && buffer[i - 1] == '\r' && buffer[i - 2] == '\n' && buffer[i - 3] == '\r') {
                    return i + 1;
                }
            }
            from = end - position;
            if (!fill()) {
                throw new IOException(end == position ? "connection closed"
                        : "connection closed in a " + kind + " head");
            }
            from += position;
        }
    }

    /** Moves the unread bytes to the front and reads more after them; {@code false} at the end of the stream. */
    protected final boolean fill() throws IOException {
        if (position > 0) {
            System.arraycopy(buffer, position, buffer, 0, end - position);
            end -= position;
            position = 0;
        }
        if (end == buffer.length) {
            throw new IOException("a " + kind + " head larger than " + buffer.length + " bytes");
        }
        int read = in.read(buffer, end, buffer.length - end);
        if (read < 0) {
            return false;
        }
        end += read;
        return true;
    }
}
