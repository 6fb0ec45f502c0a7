package io.github.betaheaders.core;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * An AWS Signature Version 4 on a request, as the client sent it: either the header
 * {@code Authorization: AWS4-HMAC-SHA256 Credential=..., SignedHeaders=a;b;c, Signature=...} or a presigned URL
 * ({@code X-Amz-Algorithm=AWS4-HMAC-SHA256&...&X-Amz-SignedHeaders=a%3Bb&X-Amz-Signature=...}). A SigV4 signature
 * covers the body (its hash is part of the signed request) and the headers named in {@code SignedHeaders}: changing
 * either makes AWS reject the request. Immutable.
 *
 * @param signedHeaders the signed header names, lower case
 */
public record SigV4Signature(Set<String> signedHeaders) {

    public static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final String SIGNED_HEADERS = "SignedHeaders=";
    private static final String QUERY_ALGORITHM = "X-Amz-Algorithm=" + ALGORITHM;
    private static final String QUERY_SIGNED_HEADERS = "X-Amz-SignedHeaders=";

    public SigV4Signature {
        signedHeaders = Set.copyOf(signedHeaders);
    }

    /**
     * The signature of a request, or {@code null} when it carries none.
     *
     * @param authorization the {@code Authorization} header, or {@code null}
     * @param query         the raw query string, or {@code null}
     */
    public static SigV4Signature of(String authorization, String query) {
        if (authorization != null && authorization.regionMatches(true, 0, ALGORITHM, 0, ALGORITHM.length())) {
            return new SigV4Signature(names(valueAfter(authorization, SIGNED_HEADERS, ",")));
        }
        if (query != null && query.contains(QUERY_ALGORITHM)) {
            String names = valueAfter(query, QUERY_SIGNED_HEADERS, "&");
            return new SigV4Signature(names(URLDecoder.decode(names, StandardCharsets.UTF_8)));
        }
        return null;
    }

    /** True when the header of that name (any case) is among the signed ones. */
    public boolean signs(String header) {
        return signedHeaders.contains(header.toLowerCase(Locale.ROOT));
    }

    private static String valueAfter(String text, String marker, String terminator) {
        int start = text.indexOf(marker);
        if (start < 0) {
            return "";
        }
        start += marker.length();
        int end = text.indexOf(terminator, start);
        return (end < 0 ? text.substring(start) : text.substring(start, end)).trim();
    }

    private static Set<String> names(String list) {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String name : list.split(";")) {
            String trimmed = name.trim().toLowerCase(Locale.ROOT);
            if (!trimmed.isEmpty()) {
                out.add(trimmed);
            }
        }
        return out;
    }
}
