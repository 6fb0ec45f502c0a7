package io.github.betaheaders.servlet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.betaheaders.body.ClaudeCodeBodies;
import io.github.betaheaders.testsupport.CapturedLog;
import io.github.betaheaders.testsupport.ClaudeCodeRequests;
import io.github.betaheaders.testsupport.JettyGateway;
import io.github.betaheaders.testsupport.ProviderAttributeFilter;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.eclipse.jetty.http.HttpTester;
import org.eclipse.jetty.server.LocalConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The filter's rules at the servlet level, in process: requests through the {@link LocalConnector} (no socket) of a
 * {@link JettyGateway} whose context has {@link ProviderAttributeFilter}, then our filter (the bundled mapping,
 * {@code localOnly}, other init-params per row), then {@link BodyEchoServlet}, which answers the {@code anthropic-beta}
 * lines and the body that reached it. Requests are raw HTTP/1.1, so that header names keep their case and repeated
 * lines stay separate lines; answers are parsed with {@link HttpTester}. Each table row names its init-params; rows with
 * the same ones share a server. What needs a real proxy servlet or another container is in the {@code *IT}s.
 */
class AnthropicBetaHeadersFilterTest {

    static final String PREFIX = "/llm-gateway";
    static final String INVOKE = PREFIX + "/model/us.anthropic.claude-opus-5-5/invoke-with-response-stream";
    static final String CONVERSE = PREFIX + "/model/us.anthropic.claude-opus-5-5/converse";
    static final String ANTHROPIC = PREFIX + "/v1/messages";
    static final String NOT_A_PROVIDER = PREFIX + "/health/check";

    static final String BETAS = "interleaved-thinking-2025-05-14,effort-2025-11-24,structured-outputs-2025-11-13,"
            + "web-search-2025-03-05";
    /** A beta no section mentions: only {@code forwardUnknownBetas} providers (by default anthropic) forward it. */
    static final String UNKNOWN = "future-beta-2027-01-01";
    static final String FOR_BEDROCK = "effort-2025-11-24";
    static final String FOR_BEDROCK_CONVERSE = "effort-2025-11-24,structured-outputs-2025-11-13";
    static final String FOR_VERTEX = "interleaved-thinking-2025-05-14,web-search-2025-03-05";
    /** The fixture body's betas after the bundled mapping's bedrock section. */
    static final String BEDROCK_BODY_BETAS = "[\"tool-search-tool-2025-10-19\"]";

    static final String SIGNED_WITH_BETA_HEADER = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/bedrock/"
            + "aws4_request, SignedHeaders=anthropic-beta;content-type;host;x-amz-date, Signature=0123456789abcdef";
    static final String SIGNED_WITHOUT_BETA_HEADER = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/"
            + "bedrock/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=0123456789abcdef";

    static final Map<String, String> DEFAULTS = Map.of();
    static final Map<String, String> ROUTES = Map.of("routes",
            "/bedrock/model/*/converse*=bedrock_converse, /bedrock/*=bedrock\n  /vertex/*=vertex_ai");
    static final Map<String, String> FIXED_VERTEX = Map.of("provider", "vertex_ai");
    static final Map<String, String> BEDROCK_FORWARDS_UNKNOWN = Map.of("forwardUnknownBetas", "bedrock");
    static final Map<String, String> THREE_BETAS = Map.of("maxBetas", "3");
    static final Map<String, String> SMALL_BODIES = Map.of("maxBodyBytes", "1024");
    static final Map<String, String> HEADER_TO_BODY = Map.of("bedrockHeaderBetasToBody", "true");

    static final Map<Map<String, String>, JettyGateway> servers = new HashMap<>();

    /** A POST: its target, header lines as written, body (null: none) and whether the body is sent chunked. */
    record Post(String target, List<String> headerLines, byte[] body, boolean inChunks) {

        static Post to(String target, String... headerLines) {
            return new Post(target, List.of(headerLines), null, false);
        }

        Post json(String text) {
            return body("application/json", text.getBytes(StandardCharsets.UTF_8));
        }

        Post body(String contentType, byte[] bytes) {
            List<String> lines = new ArrayList<>(headerLines);
            lines.add("Content-Type: " + contentType);
            return new Post(target, lines, bytes, inChunks);
        }

        Post chunked() {
            return new Post(target, headerLines, body, true);
        }

        byte[] bytes() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            StringBuilder head = new StringBuilder("POST " + target + " HTTP/1.1\r\nHost: local\r\n");
            headerLines.forEach(line -> head.append(line).append("\r\n"));
            byte[] content = body == null ? new byte[0] : body;
            head.append(inChunks ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + content.length + "\r\n");
            head.append("Connection: close\r\n\r\n");
            out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (inChunks) {
                out.writeBytes((Integer.toHexString(content.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.writeBytes(content);
                out.writeBytes("\r\n0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            } else {
                out.writeBytes(content);
            }
            return out.toByteArray();
        }
    }

    /** What reached the echo servlet. */
    record Echo(List<String> betas, byte[] body, long contentLength) {
    }

    /**
     * One row: init-params, the request, the {@code anthropic-beta} lines the application gets and the body it reads
     * ({@code null}: the body as sent, byte for byte).
     */
    record Row(String name, Map<String, String> params, Post post, List<String> betas, byte[] body) {

        static Row of(String name, Map<String, String> params, Post post, String... betas) {
            return new Row(name, params, post, List.of(betas), null);
        }

        Row reading(String expectedBody) {
            return new Row(name, params, post, betas, expectedBody.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String toString() {
            return name + (params.isEmpty() ? "" : " " + params);
        }
    }

    @AfterAll
    static void stopServers() throws Exception {
        for (JettyGateway gateway : servers.values()) {
            gateway.close();
        }
    }

    /**
     * A {@link JettyGateway} (where the filter is declared as in every programmatic test setup) with no proxy route:
     * the echo servlet on {@code /*}.
     */
    static JettyGateway start(Map<String, String> params) throws Exception {
        JettyGateway gateway = new JettyGateway();
        gateway.filterBefore("ProviderAttributeFilter", new ProviderAttributeFilter()).filterParam("localOnly", "true")
                .addServlet("echo", new BodyEchoServlet(), "/*", Map.of());
        params.forEach(gateway::filterParam);
        return gateway.start();
    }

    static Echo send(Map<String, String> params, Post post) throws Exception {
        JettyGateway gateway = servers.get(params);
        if (gateway == null) {
            gateway = start(params);
            servers.put(params, gateway);
        }
        return send(gateway, post);
    }

    static Echo send(JettyGateway gateway, Post post) throws Exception {
        HttpTester.Response response = HttpTester.parseResponse(
                gateway.localConnector().getResponse(ByteBuffer.wrap(post.bytes())));
        assertEquals(200, response.getStatus(), response::getContent);
        JsonObject echo = Json.createReader(new StringReader(response.getContent())).readObject();
        return new Echo(echo.getJsonArray("betas").getValuesAs(JsonString.class).stream().map(JsonString::getString)
                .toList(), Base64.getDecoder().decode(echo.getString("bodyBase64")),
                echo.getJsonNumber("contentLengthLong").longValue());
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    // --- the tables ---

    static Stream<Row> headerRules() {
        List<Row> rows = new ArrayList<>();
        for (String name : List.of("Anthropic-Beta", "ANTHROPIC-BETA", "aNtHrOpIc-BeTa")) {
            rows.add(Row.of("header name " + name, DEFAULTS,
                    Post.to(INVOKE, name + ": claude-code-20250219,effort-2025-11-24"), FOR_BEDROCK));
        }
        rows.add(Row.of("repeated lines merged into one (bedrock)", DEFAULTS, Post.to(INVOKE,
                "anthropic-beta: claude-code-20250219, advanced-tool-use-2025-11-20", "Anthropic-Beta: effort-2025-11-24"),
                "tool-search-tool-2025-10-19,effort-2025-11-24"));
        rows.add(Row.of("repeated lines merged into one (anthropic)", DEFAULTS, Post.to(ANTHROPIC,
                "anthropic-beta: claude-code-20250219", "anthropic-beta: effort-2025-11-24," + UNKNOWN),
                "claude-code-20250219,effort-2025-11-24," + UNKNOWN));
        rows.add(Row.of("items trimmed, empty items ignored", DEFAULTS,
                Post.to(INVOKE, "anthropic-beta:  effort-2025-11-24 ,, ,\tcontext-1m-2025-08-07 ,"),
                "effort-2025-11-24,context-1m-2025-08-07"));
        String unsorted = "thinking-display-updates-2026-08-18,effort-2025-11-24,compact-2026-01-12,context-1m-2025-08-07";
        rows.add(Row.of("client order kept", DEFAULTS, Post.to(INVOKE, "anthropic-beta: " + unsorted), unsorted));
        rows.add(Row.of("each beta once, first occurrence winning", DEFAULTS, Post.to(INVOKE, "anthropic-beta: "
                + "advanced-tool-use-2025-11-20,effort-2025-11-24,tool-search-tool-2025-10-19,effort-2025-11-24"),
                "tool-search-tool-2025-10-19,effort-2025-11-24"));
        rows.add(Row.of("header removed when every beta is dropped", DEFAULTS,
                Post.to(INVOKE, "anthropic-beta: claude-code-20250219,interleaved-thinking-2025-05-14")));
        rows.add(Row.of("header removed when it has only empty items", DEFAULTS, Post.to(ANTHROPIC, "anthropic-beta: , ,")));
        rows.add(Row.of("no header, none added", DEFAULTS, Post.to(INVOKE + "?x=1", "anthropic-version: 2023-06-01")));
        for (ClaudeCodeRequests.Captured captured : ClaudeCodeRequests.load()) {
            List<String> lines = new ArrayList<>();
            captured.headers().forEach((name, value) -> lines.add(name + ": " + value));
            rows.add(Row.of("Claude Code's " + captured.providerMode() + " request", DEFAULTS,
                    new Post(PREFIX + captured.path(), lines, null, false),
                    ClaudeCodeRequests.headerUnderBundledMapping(captured.providerMode())));
        }
        return rows.stream();
    }

    static Stream<Row> providerChoice() {
        String all = "anthropic-beta: " + BETAS + "," + UNKNOWN;
        String betas = "anthropic-beta: " + BETAS;
        String attribute = ProviderAttributeFilter.HEADER + ": ";
        return Stream.of(
                Row.of("path: bedrock invoke", DEFAULTS, Post.to(PREFIX + "/model/m/invoke", all), FOR_BEDROCK),
                Row.of("path: bedrock invoke stream", DEFAULTS, Post.to(INVOKE, all), FOR_BEDROCK),
                Row.of("path: bedrock converse", DEFAULTS, Post.to(CONVERSE, all), FOR_BEDROCK_CONVERSE),
                Row.of("path: bedrock converse stream", DEFAULTS, Post.to(PREFIX + "/model/m/converse-stream", all),
                        FOR_BEDROCK_CONVERSE),
                Row.of("path: vertex rawPredict", DEFAULTS, Post.to(PREFIX
                        + "/projects/p/locations/us-east5/publishers/anthropic/models/claude-opus-5-5:rawPredict", all),
                        FOR_VERTEX),
                Row.of("path: vertex streamRawPredict", DEFAULTS, Post.to(PREFIX
                        + "/projects/p/locations/us-east5/publishers/anthropic/models/claude-opus-5-5:streamRawPredict",
                        all), FOR_VERTEX),
                Row.of("path: vertex count-tokens", DEFAULTS, Post.to(PREFIX
                        + "/projects/p/locations/us-east5/publishers/anthropic/models/count-tokens:rawPredict", all),
                        FOR_VERTEX),
                Row.of("path: foundry messages", DEFAULTS, Post.to(PREFIX + "/anthropic/v1/messages", all), BETAS),
                Row.of("path: foundry count_tokens", DEFAULTS,
                        Post.to(PREFIX + "/anthropic/v1/messages/count_tokens", all), BETAS),
                Row.of("path: anthropic messages", DEFAULTS, Post.to(ANTHROPIC, all), BETAS + "," + UNKNOWN),
                Row.of("path: anthropic count_tokens", DEFAULTS, Post.to(ANTHROPIC + "/count_tokens", all),
                        BETAS + "," + UNKNOWN),
                Row.of("path of no known shape: untouched", DEFAULTS,
                        Post.to(PREFIX + "/v1/models", "anthropic-beta: claude-code-20250219 ,  no-such-beta",
                                "Anthropic-Beta: , effort-2025-11-24"),
                        "claude-code-20250219 ,  no-such-beta", ", effort-2025-11-24"),
                Row.of("attribute: decides for a path of no known shape", DEFAULTS,
                        Post.to(PREFIX + "/v1/models", attribute + "vertex_ai", betas), FOR_VERTEX),
                Row.of("routes: converse rule first", ROUTES, Post.to("/bedrock/model/m/converse", betas),
                        FOR_BEDROCK_CONVERSE),
                Row.of("routes: converse* matches converse-stream", ROUTES,
                        Post.to("/bedrock/model/m/converse-stream", betas), FOR_BEDROCK_CONVERSE),
                Row.of("routes: /bedrock/* matches a known shape", ROUTES, Post.to("/bedrock/model/m/invoke", betas),
                        FOR_BEDROCK),
                Row.of("routes: /bedrock/* matches the rest of the path", ROUTES,
                        Post.to("/bedrock/any/path/at/all", betas), FOR_BEDROCK),
                Row.of("routes: /bedrock/* matches /bedrock/", ROUTES, Post.to("/bedrock/", betas), FOR_BEDROCK),
                Row.of("routes: /bedrock/* matches /bedrock", ROUTES, Post.to("/bedrock", betas), FOR_BEDROCK),
                Row.of("routes: vertex", ROUTES, Post.to("/vertex/anything", betas), FOR_VERTEX),
                Row.of("routes: no rule matches, a known shape passes untouched", ROUTES,
                        Post.to("/other/v1/messages", "anthropic-beta: claude-code-20250219 , effort-2025-11-24",
                                "Anthropic-Beta: no-such-beta"),
                        "claude-code-20250219 , effort-2025-11-24", "no-such-beta"),
                Row.of("attribute: overrides no matching rule", ROUTES,
                        Post.to("/other/v1/messages", attribute + "bedrock", betas), FOR_BEDROCK),
                Row.of("attribute: overrides the matching rule", ROUTES,
                        Post.to("/vertex/model/m/invoke", attribute + "bedrock_converse", betas), FOR_BEDROCK_CONVERSE),
                Row.of("attribute: a provider without a section drops every beta", ROUTES,
                        Post.to("/bedrock/model/m/invoke", attribute + "no_such_provider", betas)),
                Row.of("provider: a bedrock path", FIXED_VERTEX, Post.to("/any/model/m/invoke", betas), FOR_VERTEX),
                Row.of("provider: an anthropic path", FIXED_VERTEX, Post.to("/any/v1/messages", betas), FOR_VERTEX),
                Row.of("provider: any path", FIXED_VERTEX, Post.to("/any/whatever", betas), FOR_VERTEX),
                Row.of("attribute: overrides the provider", FIXED_VERTEX,
                        Post.to("/any/whatever", attribute + "bedrock", betas), FOR_BEDROCK),
                Row.of("forwardUnknownBetas: a listed provider forwards what its section does not mention",
                        BEDROCK_FORWARDS_UNKNOWN, Post.to(PREFIX + "/model/m/invoke", "anthropic-beta: "
                                + "claude-code-20250219,interleaved-thinking-2025-05-14,advanced-tool-use-2025-11-20,"
                                + "effort-2025-11-24"),
                        "claude-code-20250219,tool-search-tool-2025-10-19,effort-2025-11-24"),
                Row.of("forwardUnknownBetas: a provider no longer listed drops it", BEDROCK_FORWARDS_UNKNOWN,
                        Post.to(ANTHROPIC, "anthropic-beta: claude-code-20250219,effort-2025-11-24," + UNKNOWN),
                        "effort-2025-11-24"));
    }

    static Stream<Row> maxBetas() {
        String three = "advanced-tool-use-2025-11-20,effort-2025-11-24,claude-code-20250219";
        String four = "claude-code-20250219,advanced-tool-use-2025-11-20,effort-2025-11-24,interleaved-thinking-2025-05-14";
        String overInBody = "{\"anthropic_beta\":[\"a\",\"b\",\"c\",\"effort-2025-11-24\"],\"max_tokens\":1}";
        return Stream.of(
                Row.of("maxBetas: as many as allowed are rewritten", THREE_BETAS, Post.to(INVOKE, "anthropic-beta: " + three),
                        "tool-search-tool-2025-10-19,effort-2025-11-24"),
                Row.of("maxBetas: one more is forwarded as sent", THREE_BETAS, Post.to(INVOKE, "anthropic-beta: " + four),
                        four),
                Row.of("maxBetas: counted over all lines", THREE_BETAS, Post.to(INVOKE,
                        "anthropic-beta: claude-code-20250219,effort-2025-11-24",
                        "anthropic-beta: interleaved-thinking-2025-05-14,context-1m-2025-08-07"),
                        "claude-code-20250219,effort-2025-11-24", "interleaved-thinking-2025-05-14,context-1m-2025-08-07"),
                Row.of("maxBetas: a body array of as many is rewritten", THREE_BETAS,
                        Post.to(INVOKE).json("{\"anthropic_beta\":[\"a\",\"b\",\"effort-2025-11-24\"],\"max_tokens\":1}"))
                        .reading("{\"anthropic_beta\":[\"effort-2025-11-24\"],\"max_tokens\":1}"),
                Row.of("maxBetas: a longer body array is forwarded as sent", THREE_BETAS,
                        Post.to(INVOKE).json(overInBody)));
    }

    static Stream<Row> bodies() throws IOException {
        String fixture = ClaudeCodeBodies.bedrockInvoke(ClaudeCodeBodies.FIXTURE_BODY_BETAS);
        String fixtureRewritten = fixture.replace(ClaudeCodeBodies.FIXTURE_BODY_BETAS, BEDROCK_BODY_BETAS);
        String header = "anthropic-beta: " + ClaudeCodeBodies.FIXTURE_HEADER;
        String converseBetas = "[\"context-1m-2025-08-07\", \"interleaved-thinking-2025-05-14\", "
                + "\"fine-grained-tool-streaming-2025-05-14\"]";
        String converse = ClaudeCodeBodies.bedrockConverse(converseBetas);
        String lookAlikes = ClaudeCodeBodies.bedrockInvoke(null, 50_000);
        assertTrue(lookAlikes.contains("\"anthropic_beta\":[\"look-alike-in-a-tool-input\"]"));
        String nested = "{\"messages\":[{\"role\":\"user\",\"content\":\"{\\\"anthropic_beta\\\":[\\\"x\\\"]}\"}],"
                + "\"x\":{\"additionalModelRequestFields\":{\"anthropic_beta\":[\"interleaved-thinking-2025-05-14\"]}}}";
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
            gzip.write(utf8(fixture));
        }
        String large = ClaudeCodeBodies.bedrockInvoke(ClaudeCodeBodies.FIXTURE_BODY_BETAS, 5_000);
        String twoBetas = "{\"anthropic_beta\":[\"interleaved-thinking-2025-05-14\",\"effort-2025-11-24\"]}";
        return Stream.of(
                Row.of("Claude Code's bedrock body and header", DEFAULTS, Post.to(INVOKE, header).json(fixture),
                        FOR_BEDROCK).reading(fixtureRewritten),
                Row.of("chunked body", DEFAULTS, Post.to(INVOKE, header).json(fixture).chunked(), FOR_BEDROCK)
                        .reading(fixtureRewritten),
                Row.of("body without a header", DEFAULTS,
                        Post.to(INVOKE).json("{\"anthropic_beta\": [\"interleaved-thinking-2025-05-14\"],\n \"max_tokens\": 10}"))
                        .reading("{\"max_tokens\": 10}"),
                Row.of("converse: additionalModelRequestFields", DEFAULTS,
                        Post.to(CONVERSE, "anthropic-beta: interleaved-thinking-2025-05-14").json(converse))
                        .reading(converse.replace(converseBetas,
                                "[\"context-1m-2025-08-07\",\"fine-grained-tool-streaming-2025-05-14\"]")),
                Row.of("look-alikes in messages and tool inputs", DEFAULTS, Post.to(INVOKE).json(lookAlikes)),
                Row.of("converse: a nested look-alike", DEFAULTS, Post.to(CONVERSE).json(nested)),
                Row.of("malformed JSON: byte for byte, header still rewritten", DEFAULTS, Post.to(INVOKE, header)
                        .json("{\"anthropic_beta\": [\"interleaved-thinking-2025-05-14\"], \"messages\": ["), FOR_BEDROCK),
                Row.of("anthropic_beta not an array", DEFAULTS,
                        Post.to(INVOKE).json("{\"anthropic_beta\": \"interleaved-thinking-2025-05-14\"}").chunked()),
                Row.of("gzip-encoded: byte for byte, header still rewritten", DEFAULTS,
                        Post.to(INVOKE, header, "Content-Encoding: gzip").body("application/json", zipped.toByteArray()),
                        FOR_BEDROCK),
                Row.of("a path of no provider", DEFAULTS, Post.to(NOT_A_PROVIDER).json(fixture)),
                Row.of("text/plain", DEFAULTS, Post.to(INVOKE).body("text/plain", utf8(fixture))),
                Row.of("a +json media type in any case", DEFAULTS,
                        Post.to(INVOKE).body("application/vnd.example+JSON; charset=UTF-8", utf8(twoBetas)))
                        .reading("{\"anthropic_beta\":[\"effort-2025-11-24\"]}"),
                Row.of("maxBodyBytes: a larger body with a length is forwarded as sent", SMALL_BODIES,
                        Post.to(INVOKE).json(large)),
                Row.of("maxBodyBytes: a larger chunked body is forwarded as sent", SMALL_BODIES,
                        Post.to(INVOKE).json(large).chunked()),
                Row.of("maxBodyBytes: a smaller body is rewritten", SMALL_BODIES, Post.to(INVOKE).json(twoBetas))
                        .reading("{\"anthropic_beta\":[\"effort-2025-11-24\"]}"),
                Row.of("SigV4 signing anthropic-beta: header and body as sent", DEFAULTS,
                        Post.to(INVOKE, header, "Authorization: " + SIGNED_WITH_BETA_HEADER,
                                "X-Amz-Date: 20260101T000000Z").json(fixture), ClaudeCodeBodies.FIXTURE_HEADER),
                Row.of("SigV4 not signing anthropic-beta: header rewritten, body as sent", DEFAULTS,
                        Post.to(INVOKE, header, "Authorization: " + SIGNED_WITHOUT_BETA_HEADER).json(fixture).chunked(),
                        FOR_BEDROCK),
                Row.of("presigned SigV4 query: header and body as sent", DEFAULTS,
                        Post.to(INVOKE + "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-SignedHeaders=anthropic-beta%3Bhost"
                                + "&X-Amz-Signature=0123", header).json(fixture), ClaudeCodeBodies.FIXTURE_HEADER),
                Row.of("bedrockHeaderBetasToBody: merged into the body's array", HEADER_TO_BODY,
                        Post.to(INVOKE, header).json(fixture), FOR_BEDROCK)
                        .reading(fixture.replace(ClaudeCodeBodies.FIXTURE_BODY_BETAS,
                                "[\"tool-search-tool-2025-10-19\",\"effort-2025-11-24\"]")),
                Row.of("bedrockHeaderBetasToBody: an array added to a body without one", HEADER_TO_BODY,
                        Post.to(INVOKE, "anthropic-beta: advanced-tool-use-2025-11-20, effort-2025-11-24")
                                .json("{\n  \"max_tokens\": 10\n}").chunked(),
                        "tool-search-tool-2025-10-19,effort-2025-11-24")
                        .reading("{\"anthropic_beta\":[\"tool-search-tool-2025-10-19\",\"effort-2025-11-24\"],\n"
                                + "  \"max_tokens\": 10\n}"),
                Row.of("bedrockHeaderBetasToBody: not for converse", HEADER_TO_BODY,
                        Post.to(CONVERSE, "anthropic-beta: effort-2025-11-24")
                                .json(ClaudeCodeBodies.bedrockConverse("[\"context-1m-2025-08-07\"]")),
                        FOR_BEDROCK));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"headerRules", "providerChoice", "maxBetas", "bodies"})
    void theApplicationGetsTheRewrittenBetas(Row row) throws Exception {
        Echo echo = send(row.params(), row.post());
        assertEquals(row.betas(), echo.betas());
        byte[] expected = row.body() != null ? row.body() : row.post().body() != null ? row.post().body() : new byte[0];
        assertArrayEquals(expected, echo.body(), () -> new String(echo.body(), StandardCharsets.UTF_8));
        if (!row.post().inChunks() || row.body() != null) {
            assertEquals(expected.length, echo.contentLength(), "the request's content length");
        }
    }

    @Test
    void droppedAndRenamedBetasAreLoggedAtDebug() throws Exception {
        try (CapturedLog log = CapturedLog.of(CapturedLog.FILTER_LOGGER, Level.FINE)) {
            send(DEFAULTS, Post.to(INVOKE, "anthropic-beta: claude-code-20250219,advanced-tool-use-2025-11-20"));
            assertTrue(log.has(Level.FINE, "[bedrock]", INVOKE, "dropped", "claude-code-20250219", "renamed",
                    "advanced-tool-use-2025-11-20", "tool-search-tool-2025-10-19"), log.entries().toString());
        }
        try (CapturedLog log = CapturedLog.of(CapturedLog.FILTER_LOGGER, Level.FINE)) {
            send(DEFAULTS, Post.to(INVOKE, "anthropic-beta: effort-2025-11-24"));
            assertEquals(List.of(), log.entries(), "nothing changed, nothing to log");
        }
    }

    /** A server of its own, so that the once-per-filter warnings are its. */
    @Test
    void sigV4SignedPartsAreWarnedAboutOncePerCause() throws Exception {
        byte[] body = utf8(ClaudeCodeBodies.bedrockInvoke(ClaudeCodeBodies.FIXTURE_BODY_BETAS));
        String header = "anthropic-beta: " + ClaudeCodeBodies.FIXTURE_HEADER;
        Map<String, String> params = new LinkedHashMap<>();
        try (CapturedLog log = CapturedLog.of(CapturedLog.FILTER_LOGGER); JettyGateway own = start(params)) {
            for (int i = 0; i < 2; i++) {
                Echo signed = send(own, Post.to(INVOKE, header, "Authorization: " + SIGNED_WITH_BETA_HEADER)
                        .body("application/json", body));
                assertArrayEquals(body, signed.body());
                assertEquals(List.of(ClaudeCodeBodies.FIXTURE_HEADER), signed.betas());
            }
            List<String> warnings = log.entries().stream().filter(e -> e.level() == Level.WARNING)
                    .map(CapturedLog.Entry::text).toList();
            assertEquals(1, warnings.stream().filter(w -> w.contains("SignedHeaders include anthropic-beta")
                    && w.contains("the gateway, not the client, has to sign")).count(), warnings::toString);
            assertEquals(1, warnings.stream().filter(w -> w.contains("which covers the body")
                    && w.contains("the gateway, not the client, has to sign")).count(), warnings::toString);
        }
    }

    @Test
    void aBodyOverMaxBodyBytesIsForwardedWithAWarning() throws Exception {
        byte[] body = utf8(ClaudeCodeBodies.bedrockInvoke(ClaudeCodeBodies.FIXTURE_BODY_BETAS, 5_000));
        try (CapturedLog log = CapturedLog.of(CapturedLog.FILTER_LOGGER)) {
            send(SMALL_BODIES, Post.to(INVOKE).body("application/json", body));
            assertTrue(log.has(Level.WARNING, INVOKE, "body of " + body.length + " bytes is larger than [maxBodyBytes]",
                    "not rewritten"), log.text(Level.WARNING));
            send(SMALL_BODIES, Post.to(INVOKE).body("application/json", body).chunked());
            assertTrue(log.has(Level.WARNING, INVOKE, "body is larger than [maxBodyBytes] (1024)", "not rewritten"),
                    log.text(Level.WARNING));
        }
        assertEquals(Arrays.toString(body), Arrays.toString(send(SMALL_BODIES, Post.to(INVOKE).body("application/json",
                body).chunked()).body()));
    }
}
