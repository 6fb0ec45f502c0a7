package io.github.betaheaders.example;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;

/**
 * Builds the URL a request is forwarded to: the upstream's scheme, host, port and base path, then the path the client
 * sent after the route's prefix, then its query. Nothing the client sends can change the scheme, host or port: the
 * path after the prefix must be empty or start with {@code /}, so it can only extend the upstream's path. A path this
 * class cannot forward as it is ({@code null} from {@link #resolve}) is refused, never repaired:
 * <ul>
 *   <li>a path parameter ({@code ;}), which would otherwise follow the upstream's host directly
 *       ({@code /anthropic;@evil:1/v1/messages});</li>
 *   <li>an empty segment ({@code //}) or a {@code .} or {@code ..} segment, in any encoding ({@code %2e%2E}, also
 *       between encoded separators: {@code ..%2F});</li>
 *   <li>any character outside RFC 3986's path characters ({@code \}, a space, a raw non-ASCII byte) and a
 *       malformed percent escape.</li>
 * </ul>
 * Percent escapes pass as sent ({@code %2F} in a Bedrock model ARN, {@code %40}, {@code %5C}): they stay inside one
 * path segment at the upstream. The query is appended as sent when it is a valid URI query.
 */
final class UpstreamTarget {

    /** RFC 3986 {@code pchar} without {@code %} (escapes are checked apart) and without {@code ;}. */
    private static final String SEGMENT_CHARACTERS =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,=:@";

    private final String base;
    private final URI baseUri;

    /** @param upstream an absolute http(s) URL without query or trailing slash, as {@link UpstreamProxyServlet} reads it */
    UpstreamTarget(String upstream) {
        this.base = upstream;
        this.baseUri = URI.create(upstream);
    }

    /**
     * The URL to forward to, or {@code null} when the path or query cannot be forwarded safely.
     *
     * @param rawPath the path after the route's prefix, undecoded as the client sent it (empty for the prefix alone)
     * @param rawQuery the query, undecoded, or {@code null}
     */
    String resolve(String rawPath, String rawQuery) {
        if (!rawPath.isEmpty() && !safePath(rawPath)) {
            return null;
        }
        String target = base + rawPath + (rawQuery == null ? "" : "?" + rawQuery);
        try {
            URI uri = new URI(target);
            boolean sameOrigin = Objects.equals(uri.getScheme(), baseUri.getScheme())
                    && Objects.equals(uri.getRawAuthority(), baseUri.getRawAuthority())
                    && uri.getRawPath() != null && uri.getRawPath().startsWith(baseUri.getRawPath())
                    && uri.getRawFragment() == null;
            return sameOrigin ? target : null;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static boolean safePath(String rawPath) {
        if (rawPath.charAt(0) != '/') {
            return false;
        }
        String[] segments = rawPath.substring(1).split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            boolean last = i == segments.length - 1;
            if (segment.isEmpty() ? !last : !safeSegment(segment)) {
                return false;
            }
        }
        return true;
    }

    private static boolean safeSegment(String segment) {
        StringBuilder decodedDots = new StringBuilder();
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '%') {
                if (i + 2 >= segment.length() || !hex(segment.charAt(i + 1)) || !hex(segment.charAt(i + 2))) {
                    return false;
                }
                String escape = segment.substring(i, i + 3);
                decodedDots.append(escape.equalsIgnoreCase("%2e") ? '.'
                        : escape.equalsIgnoreCase("%2f") || escape.equalsIgnoreCase("%5c") ? '/' : 'x');
                i += 2;
            } else if (SEGMENT_CHARACTERS.indexOf(c) >= 0) {
                decodedDots.append(c == '.' ? '.' : 'x');
            } else {
                return false;
            }
        }
        for (String piece : decodedDots.toString().split("/", -1)) {
            if (piece.equals(".") || piece.equals("..")) {
                return false;
            }
        }
        return true;
    }

    private static boolean hex(char c) {
        return Character.digit(c, 16) >= 0 && c < 128;
    }
}
