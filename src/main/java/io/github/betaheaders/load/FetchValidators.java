package io.github.betaheaders.load;

/**
 * What the last good fetch answered in {@code ETag} and {@code Last-Modified}, sent back as {@code If-None-Match} and
 * {@code If-Modified-Since} so an unchanged document costs a 304.
 *
 * @param etag         the entity tag as the server sent it, or {@code null}
 * @param lastModified the HTTP date as the server sent it, or {@code null}
 */
public record FetchValidators(String etag, String lastModified) {

    public static final FetchValidators NONE = new FetchValidators(null, null);

    public boolean isEmpty() {
        return etag == null && lastModified == null;
    }
}
