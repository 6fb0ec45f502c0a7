package io.github.betaheaders.bench.load;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** For the readers' tests: a stream whose every read returns at most one byte, as a slow peer's would. */
final class OneByteAtATime extends FilterInputStream {

    OneByteAtATime(InputStream in) {
        super(in);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        return super.read(b, off, Math.min(len, 1));
    }
}
