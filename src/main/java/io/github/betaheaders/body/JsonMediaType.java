package io.github.betaheaders.body;

/**
 * Whether a {@code Content-Type} names JSON: {@code application/json} or any {@code type/subtype+json}, in any case,
 * with or without parameters ({@code application/json; charset=utf-8}, {@code application/vnd.amazon+JSON}).
 * Allocates nothing.
 */
public final class JsonMediaType {

    private static final String APPLICATION_JSON = "application/json";
    private static final String JSON_SUFFIX = "+json";

    private JsonMediaType() {
    }

    public static boolean matches(String contentType) {
        if (contentType == null) {
            return false;
        }
        int end = contentType.indexOf(';');
        if (end < 0) {
            end = contentType.length();
        }
        while (end > 0 && isSpace(contentType.charAt(end - 1))) {
            end--;
        }
        int start = 0;
        while (start < end && isSpace(contentType.charAt(start))) {
            start++;
        }
        int length = end - start;
        if (length == APPLICATION_JSON.length()) {
            return contentType.regionMatches(true, start, APPLICATION_JSON, 0, length);
        }
        int slash = contentType.indexOf('/', start);
        return slash > start && slash < end - JSON_SUFFIX.length()
                && contentType.regionMatches(true, end - JSON_SUFFIX.length(), JSON_SUFFIX, 0, JSON_SUFFIX.length());
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t';
    }
}
