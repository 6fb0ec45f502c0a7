package io.github.betaheaders.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
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
        byte[] body = "{}".getBytes(StandardCharsets.US_ASCII);
        StringBuilder head = new StringBuilder("POST ").append(target).append(" HTTP/1.1\r\n")
                .append("Host: ").append(base.getHost()).append(':').append(base.getPort()).append("\r\n")
                .append("Content-Length: ").append(body.length).append("\r\n")
                .append("Connection: close\r\n");
        for (String line : headerLines) {
            head.append(line).append("\r\n");
        }
        head.append("\r\n");
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            in.transferTo(received);
            String text = received.toString(StandardCharsets.ISO_8859_1);
            if (!text.startsWith("HTTP/1.1 ") || text.length() < 12) {
                throw new IOException("not an HTTP/1.1 response: " + text);
            }
            return new Response(Integer.parseInt(text.substring(9, 12)), text);
        }
    }

    /**
     * Sends {@code method target} without a body from a socket bound to {@code localAddress} (any 127/8 address on
     * Linux: another client address for the server), with the given header lines, and reads the whole response.
     */
    public static Response send(InetAddress localAddress, URI base, String method, String target,
                                List<String> headerLines) throws IOException {
        StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: ").append(base.getHost()).append(':').append(base.getPort()).append("\r\n")
                .append("Content-Length: 0\r\nConnection: close\r\n");
        for (String line : headerLines) {
            head.append(line).append("\r\n");
        }
        head.append("\r\n");
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(localAddress, 0));
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 10_000);
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
            return new Response(Integer.parseInt(text.substring(9, 12)), text);
        }
    }
}
