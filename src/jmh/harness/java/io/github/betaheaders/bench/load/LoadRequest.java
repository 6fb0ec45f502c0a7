package io.github.betaheaders.bench.load;

import io.github.betaheaders.body.ClaudeCodeBodies;
import io.github.betaheaders.testsupport.ClaudeCodeRequests;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request a {@link LoadDriver} sends over and over: method, target, header lines and body. The two Claude Code
 * requests of the fixture the load benchmark sends are here too, with the route prefixes of {@link #ROUTES}.
 *
 * @param headers header lines in order (the driver adds {@code Host} and {@code Content-Length})
 */
public record LoadRequest(String description, String method, String target, Map<String, String> headers,
                          byte[] body) {

    /** The filter's {@code routes} for the prefixes the requests below go to. */
    public static final String ROUTES = "/bedrock/*=bedrock, /vertex/*=vertex_ai";

    public LoadRequest {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        body = body.clone();
    }

    /**
     * Claude Code's Bedrock InvokeModel request (fixture header, 3 betas) under {@code /bedrock}, with a small body
     * of the same shape ({@link ClaudeCodeBodies}) holding the fixture's body betas: header and body are rewritten.
     */
    public static LoadRequest claudeCodeBedrock() {
        return fromFixture("bedrock", "/bedrock",
                ClaudeCodeBodies.bedrockInvoke(ClaudeCodeBodies.FIXTURE_BODY_BETAS).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Claude Code's Bedrock request (fixture header and body betas) as a plain InvokeModel under {@code /bedrock}
     * ({@code /invoke}: the answer is not streamed) with a long conversation: a body of at least {@code minBodyBytes}
     * bytes.
     */
    public static LoadRequest claudeCodeBedrockInvoke(int minBodyBytes) {
        LoadRequest streamed = fromFixture("bedrock", "/bedrock", ClaudeCodeBodies.bedrockInvoke(
                ClaudeCodeBodies.FIXTURE_BODY_BETAS, minBodyBytes).getBytes(StandardCharsets.UTF_8));
        String streaming = "/invoke-with-response-stream";
        if (!streamed.target.endsWith(streaming)) {
            throw new IllegalStateException("the fixture's Bedrock request is no longer " + streaming + ": "
                    + streamed.target);
        }
        return new LoadRequest(streamed.description.replace(streaming, "/invoke"), streamed.method,
                streamed.target.replace(streaming, "/invoke"), streamed.headers, streamed.body);
    }

    /** Claude Code's Vertex AI request (fixture header, 6 betas) under {@code /vertex}, no body: the header only. */
    public static LoadRequest claudeCodeVertex() {
        return fromFixture("vertex_ai", "/vertex", new byte[0]);
    }

    private static LoadRequest fromFixture(String providerMode, String prefix, byte[] body) {
        ClaudeCodeRequests.Captured captured = ClaudeCodeRequests.load().stream()
                .filter(c -> c.providerMode().equals(providerMode)).findFirst().orElseThrow();
        String betas = captured.header("anthropic-beta");
        String description = captured.method() + " " + prefix + captured.path() + ", " + betas.split(",").length
                + "-beta header" + (body.length == 0 ? ", no body" : ", " + body.length + "-byte JSON body");
        return new LoadRequest(description, captured.method(), prefix + captured.path(), captured.headers(), body);
    }

    /** The request as sent to the server at {@code base}: HTTP/1.1, keep-alive, with {@code Host} and its length. */
    public byte[] bytes(URI base) {
        StringBuilder head = new StringBuilder(256).append(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: ").append(base.getHost()).append(':').append(base.getPort()).append("\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream(head.length() + body.length);
        out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(body);
        return out.toByteArray();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    @Override
    public String toString() {
        return description;
    }
}
