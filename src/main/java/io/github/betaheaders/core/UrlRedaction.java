package io.github.betaheaders.core;

/**
 * Hides the secrets a URL may carry before it is shown anywhere (log, error message, admin answer): the user info
 * ({@code user:password@}) becomes {@code ***@}, every query value becomes {@code ***} (names are kept), a fragment
 * becomes {@code #***}. Works on any text, a URL that does not parse included, so that even an invalid setting is shown
 * without its secret.
 */
public final class UrlRedaction {

    /** What stands for a hidden part. */
    public static final String HIDDEN = "***";

    private UrlRedaction() {
    }

    /** {@code http://user:pw@host/p?access_token=X&v=2} becomes {@code http://***@host/p?access_token=***&v=***}. */
    public static String redact(String url) {
        if (url == null) {
            return null;
        }
        int fragment = url.indexOf('#');
        String beforeFragment = fragment < 0 ? url : url.substring(0, fragment);
        int query = beforeFragment.indexOf('?');
        String beforeQuery = query < 0 ? beforeFragment : beforeFragment.substring(0, query);
        StringBuilder out = new StringBuilder(url.length());
        out.append(withoutUserInfo(beforeQuery));
        if (query >= 0) {
            out.append('?').append(hiddenValues(beforeFragment.substring(query + 1)));
        }
        if (fragment >= 0) {
            out.append('#').append(HIDDEN);
        }
        return out.toString();
    }

    private static String withoutUserInfo(String url) {
        int scheme = url.indexOf("://");
        int authorityStart = scheme < 0 ? (url.startsWith("//") ? 2 : -1) : scheme + 3;
        if (authorityStart < 0) {
            return url;
        }
        int authorityEnd = url.indexOf('/', authorityStart);
        if (authorityEnd < 0) {
            authorityEnd = url.length();
        }
        int at = url.lastIndexOf('@', authorityEnd - 1);
        if (at < authorityStart) {
            return url;
        }
        return url.substring(0, authorityStart) + HIDDEN + url.substring(at);
    }

    private static String hiddenValues(String query) {
        StringBuilder out = new StringBuilder();
        for (String pair : query.split("&", -1)) {
            if (out.length() > 0) {
                out.append('&');
            }
            int equals = pair.indexOf('=');
            if (pair.isEmpty()) {
                continue;
            }
            // A parameter without '=' may be a bare secret: hidden whole.
            out.append(equals < 0 ? HIDDEN : pair.substring(0, equals + 1) + HIDDEN);
        }
        return out.toString();
    }

    /** {@code text} with every occurrence of {@code url} replaced by its redacted form (for messages that quote it). */
    public static String scrub(String text, String url) {
        if (text == null || url == null || url.isEmpty()) {
            return text;
        }
        return text.replace(url, redact(url));
    }
}
