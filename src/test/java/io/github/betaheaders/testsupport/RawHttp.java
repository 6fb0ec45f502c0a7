package io.github.betaheaders.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Sends an HTTP/1.1 request exactly as written, over a plain socket: header names in any case, a header repeated on
 * several lines, spaces kept. HTTP clients normalise these, so header handling is tested with this instead.
 */
public final class RawHttp {

    /** The status code and everything the server sent (head and body, undecoded). */
    public record Response(int status, String text) {
    }

    private RawHttp() {
    }

    /**
     * Sends {@code POST target} with the given header lines ({@code "Name: value"}), a small body and
     * {@code Host}, {@code Content-Length} and {@code Connection: close}, and reads the whole response.
     */
    public static Response post(URI base, String target, List<String> headerLines) throws IOException {
        String head = "POST " + target + " HTTP/1.1\r\nHost: " + base.getHost() + ':' + base.getPort()
                + "\r\nContent-Length: 2\r\nConnection: close\r\n";
        return exchange(null, base, head + lines(headerLines) + "\r\n{}");
    }

    /**
     * Sends {@code method target} without a body from a socket bound to {@code localAddress} (any 127/8 address on
     * Linux: another client address for the server), with the given header lines, and reads the whole response.
     */
    public static Response send(InetAddress localAddress, URI base, String method, String target,
                                List<String> headerLines) throws IOException {
        String head = method + ' ' + target + " HTTP/1.1\r\nHost: " + base.getHost() + ':' + base.getPort()
                + "\r\nContent-Length: 0\r\nConnection: close\r\n";
        return exchange(localAddress, base, head + lines(headerLines) + "\r\n");
    }

    /**
     * Writes {@code request} byte for byte (ISO-8859-1) to the server at {@code base}, from a socket bound to
     * {@code localAddress} unless it is {@code null}, and reads the whole response (the request should ask for
     * {@code Connection: close}).
     */
    public static Response exchange(InetAddress localAddress, URI base, String request) throws IOException {
        try (Socket socket = new Socket()) {
            if (localAddress != null) {
                socket.bind(new InetSocketAddress(localAddress, 0));
            }
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 10_000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            socket.getInputStream().transferTo(received);
            String text = received.toString(StandardCharsets.ISO_8859_1);
            if (!text.startsWith("HTTP/1.1 ") || text.length() < 12) {
                throw new IOException("not an HTTP/1.1 response: " + text);
            }
            return new Response(Integer.parseInt(text.substring(9, 12)), text);
        }
    }

    private static String lines(List<String> headerLines) {
        StringBuilder out = new StringBuilder();
        for (String line : headerLines) {
            out.append(line).append("\r\n");
        }
        return out.toString();
    }
}
