package io.github.betaheaders.body;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class JsonMediaTypeTest {

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "APPLICATION/JSON", "application/json; charset=utf-8",
        " application/json ;charset=UTF-8", "application/vnd.amazon.bedrock+json", "application/problem+JSON;v=1",
        "text/x-custom+json"})
    void jsonTypesMatch(String contentType) {
        assertTrue(JsonMediaType.matches(contentType));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"text/plain", "application/jsonl", "application/json-seq", "application/x-ndjson",
        "application/vnd.amazon.eventstream", "multipart/form-data; boundary=json", "+json", "json",
        "application/xml; note=+json", "application/x-www-form-urlencoded"})
    void otherTypesDoNot(String contentType) {
        assertFalse(JsonMediaType.matches(contentType));
    }
}
