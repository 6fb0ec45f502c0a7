package io.github.betaheaders.example;

import io.github.betaheaders.testsupport.RawHttp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * A {@code POST} written byte for byte with a {@code Host} header of the caller's choosing (RawHttp always names the
 * server it connects to): an absolute-form target whose authority and Host agree, as a proxy client sends it.
 */
final class RawPost {

    private RawPost() {
    }

    static RawHttp.Response send(URI server, String target, String host, String... headerLines) throws IOException {
        StringBuilder head = new StringBuilder("POST ").append(target).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host).append("\r\n")
                .append("Content-Length: 2\r\nConnection: close\r\n");
        for (String line : headerLines) {
            head.append(line).append("\r\n");
        }
        head.append("\r\n{}");
        try (Socket socket = new Socket(server.getHost(), server.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            socket.getInputStream().transferTo(received);
            String text = received.toString(StandardCharsets.ISO_8859_1);
            if (!text.startsWith("HTTP/1.1 ") || text.length() < 12) {
                throw new IOException("not an HTTP/1.1 response: " + text);
            }
            return new RawHttp.Response(Integer.parseInt(text.substring(9, 12)), text);
        }
    }
}
