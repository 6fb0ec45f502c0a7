package io.github.betaheaders.testsupport;

import java.time.Duration;
import java.util.List;

/**
 * Mapping documents for load tests: two good ones that differ for every beta a client sends to bedrock, and every way
 * a fetch can go wrong, each with a piece of the reason it must report.
 */
public final class MappingFixtures {

    /** What clients send in the tests. */
    public static final String CLIENT_BETAS = "x-beta,y-beta,z-beta";

    public static final String A = "{\"description\":\"A\",\"anthropic\":{},"
            + "\"bedrock\":{\"x-beta\":\"x-a\",\"y-beta\":\"y-a\",\"z-beta\":null}}";
    /** What bedrock receives under {@link #A}. */
    public static final String A_BEDROCK = "x-a,y-a";

    public static final String B = "{\"description\":\"B\",\"anthropic\":{},\"vertex_ai\":{},"
            + "\"bedrock\":{\"x-beta\":\"x-b\",\"y-beta\":\"y-b\",\"z-beta\":\"z-b\"}}";
    /** What bedrock receives under {@link #B}. */
    public static final String B_BEDROCK = "x-b,y-b,z-b";

    /** The size cap the tests configure, and a valid document larger than it. */
    public static final int MAX_BYTES = 2048;
    public static final String OVERSIZED;

    static {
        StringBuilder big = new StringBuilder("{\"bedrock\":{");
        for (int i = 0; big.length() < 3 * MAX_BYTES; i++) {
            big.append(i == 0 ? "" : ",").append("\"beta-").append(i).append("\":\"beta-").append(i).append('"');
        }
        OVERSIZED = big.append("}}").toString();
    }

    /** The fetch deadline the tests configure. */
    public static final Duration DEADLINE = Duration.ofSeconds(1);

    /** A way for the config server to fail, and a piece of the reason the load must report. */
    public record Failure(String name, MappingServer.Answer answer, String reason) {
        @Override
        public String toString() {
            return name;
        }
    }

    public static List<Failure> failures() {
        return List.of(
                new Failure("HTTP 500", MappingServer.status(500), "answered HTTP 500"),
                new Failure("HTTP 404", MappingServer.status(404), "answered HTTP 404"),
                new Failure("redirect", MappingServer.redirect("http://127.0.0.1:9/elsewhere.json"),
                        "redirects are not followed"),
                new Failure("malformed JSON", MappingServer.document("{\"bedrock\":{\"x-beta\":"), "not valid JSON"),
                new Failure("array at the top", MappingServer.document("[{\"bedrock\":{}}]"), "must be a JSON object"),
                new Failure("array as the section", MappingServer.document("{\"bedrock\":[\"x-beta\"]}"),
                        "no provider section"),
                new Failure("number value", MappingServer.document("{\"bedrock\":{\"x-beta\":1}}"),
                        "must be a string or null, found a number"),
                new Failure("blank beta name", MappingServer.document("{\"bedrock\":{\" \":\"x\"}}"),
                        "must not be blank"),
                new Failure("blank provider name", MappingServer.document("{\" \":{\"x-beta\":\"x\"}}"),
                        "must not be blank"),
                new Failure("oversized with length", MappingServer.document(OVERSIZED),
                        "larger than the limit of " + MAX_BYTES),
                new Failure("oversized chunked", MappingServer.plainChunked(OVERSIZED),
                        "larger than the limit of " + MAX_BYTES),
                new Failure("slower than the deadline", MappingServer.slow(DEADLINE.multipliedBy(3),
                        MappingServer.document(B)), "no complete answer within"),
                new Failure("body that never ends", MappingServer.endlessBody(), "no complete answer within"),
                new Failure("body shorter than its Content-Length", MappingServer.truncated(B, 20),
                        "truncated: 20 of " + B.length() + " bytes arrived"));
    }

    private MappingFixtures() {
    }
}
