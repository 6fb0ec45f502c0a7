package io.github.betaheaders.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UrlRedactionTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "http://user:pass@host/config.json?access_token=X   | http://***@host/config.json?access_token=***",
        "https://host:8443/c.json                            | https://host:8443/c.json",
        "https://u@host/c.json?a=1&b=&c&=d                   | https://***@host/c.json?a=***&b=***&***&=***",
        "https://u:p@w@host?x=y#frag                         | https://***@host?x=***#***",
        "https://host/p@th?q=1                               | https://host/p@th?q=***",
        "not a url:secret@thing?token=abc                    | not a url:secret@thing?token=***",
        "ftp://user:pw@h/x                                   | ftp://***@h/x",
    })
    void hidesUserInfoQueryValuesAndFragment(String url, String shown) {
        assertEquals(shown, UrlRedaction.redact(url));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "cannot reach http://h/c?k=SECRET now | http://h/c?k=SECRET | cannot reach http://h/c?k=*** now",
        "nothing to hide                      | http://h/c?k=SECRET | nothing to hide",
    })
    void scrubsAQuotedUrl(String text, String url, String scrubbed) {
        assertEquals(scrubbed, UrlRedaction.scrub(text, url));
    }
}
