package io.github.betaheaders.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The forwarded URL keeps the upstream's scheme, host and port whatever the client sends. */
class UpstreamTargetTest {

    private final UpstreamTarget anthropic = new UpstreamTarget("https://api.anthropic.com");
    private final UpstreamTarget vertex = new UpstreamTarget("https://us-east5-aiplatform.googleapis.com/v1");

    @ParameterizedTest
    @CsvSource(nullValues = "NULL", value = {
        "'', NULL, https://api.anthropic.com",
        "/, NULL, https://api.anthropic.com/",
        "/v1/messages, beta=true, https://api.anthropic.com/v1/messages?beta=true",
        "/v1/models/, limit=5&after_id=a%2Fb, https://api.anthropic.com/v1/models/?limit=5&after_id=a%2Fb",
        "/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A1%3Aapplication-inference-profile%2Fab/invoke, NULL, https://api.anthropic.com/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A1%3Aapplication-inference-profile%2Fab/invoke",
        "/%40evil:1/v1/messages, NULL, https://api.anthropic.com/%40evil:1/v1/messages",
        "/@evil:1/v1, NULL, https://api.anthropic.com/@evil:1/v1",
        "/%5C@evil/x, NULL, https://api.anthropic.com/%5C@evil/x",
        "/a.b/.../x, NULL, https://api.anthropic.com/a.b/.../x",
    })
    void plainPathsAreForwardedAsSent(String path, String query, String expected) {
        assertEquals(expected, anthropic.resolve(path, query));
    }

    @ParameterizedTest
    @CsvSource(nullValues = "NULL", value = {
        ";@evil:1/v1/messages, NULL", ";x=1@evil/v1, NULL", "/;@evil/v1, NULL", "/v1;x/messages, NULL",
        "@evil:1/v1/messages, NULL", "%40evil/v1, NULL", "%2F@evil/v1, NULL", ":1@evil/v1, NULL",
        "//evil:1/v1, NULL", "/v1//messages, NULL", "/\\@evil/v1, NULL", "/..%2F@evil/v1, NULL",
        "/../../v1, NULL", "/%2e%2E/v1, NULL", "/./v1, NULL", "/.%2e, NULL", "/v1/%zz, NULL", "/v1/%4, NULL",
        "/v1 x, NULL", "/v1/é, NULL", "/v1, a#b", "/v1, a b", "'', #f",
    })
    void pathsThatCouldLeaveTheUpstreamOrCannotBeForwardedAreRefused(String path, String query) {
        assertNull(anthropic.resolve(path, query), path);
        assertNull(vertex.resolve(path, query), path);
    }

    @ParameterizedTest
    @CsvSource({"/projects/p:rawPredict, https://us-east5-aiplatform.googleapis.com/v1/projects/p:rawPredict"})
    void theUpstreamsPathStaysInFront(String path, String expected) {
        assertEquals(expected, vertex.resolve(path, null));
    }
}
