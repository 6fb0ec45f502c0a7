package io.github.betaheaders.example;

import io.github.betaheaders.testsupport.RawHttp;
import java.io.IOException;
import java.net.URI;

/**
 * A {@code POST} written byte for byte with a {@code Host} header of the caller's choosing (RawHttp always names the
 * server it connects to): an absolute-form target whose authority and Host agree, as a proxy client sends it.
 */
final class RawPost {

    private RawPost() {
    }

    static RawHttp.Response send(URI server, String target, String host, String... headerLines) throws IOException {
        StringBuilder request = new StringBuilder("POST ").append(target).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host).append("\r\n")
                .append("Content-Length: 2\r\nConnection: close\r\n");
        for (String line : headerLines) {
            request.append(line).append("\r\n");
        }
        return RawHttp.exchange(null, server, request.append("\r\n{}").toString());
    }
}
