package io.github.betaheaders.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class QueryParameterTest {

    @Test
    void readsTheFirstValueDecoded() {
        assertEquals("24", QueryParameter.first("hours=24", "hours"));
        assertEquals("0.5", QueryParameter.first("x=1&hours=0.5&hours=7", "hours"));
        assertEquals("\u0661", QueryParameter.first("%68ours=%D9%A1", "hours"));
        assertEquals("", QueryParameter.first("hours", "hours"));
        assertEquals("1 2", QueryParameter.first("hours=1+2", "hours"));
    }

    @Test
    void absentIsNull() {
        assertNull(QueryParameter.first(null, "hours"));
        assertNull(QueryParameter.first("", "hours"));
        assertNull(QueryParameter.first("hour=1&hourss=2&%zz=3", "hours"));
    }

    @Test
    void aBrokenEncodingOfTheValueIsRefused() {
        assertEquals("the query parameter [hours] is not properly percent-encoded",
                assertThrows(IllegalArgumentException.class, () -> QueryParameter.first("hours=%4", "hours"))
                        .getMessage());
    }
}
