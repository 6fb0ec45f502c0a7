package io.github.betaheaders.core;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The credentials a private config server needs: the {@code configAuthorization} setting (an {@code Authorization}
 * header value, such as {@code Bearer ...}), or the user info of {@code configUrl} ({@code https://user:pw@host/...}),
 * sent as {@code Basic} credentials. The user info is taken out of the URL, so it is never sent in the request line,
 * nor shown. Both at once is refused: which one was meant is not clear.
 */
final class ConfigCredentials {

    private ConfigCredentials() {
    }

    /** {@code uri} without its user info (and fragment, which is never sent). */
    static URI withoutUserInfo(URI uri) {
        if (uri.getRawUserInfo() == null && uri.getRawFragment() == null) {
            return uri;
        }
        String authority = uri.getRawAuthority();
        String hostAndPort = authority.substring(authority.lastIndexOf('@') + 1);
        StringBuilder out = new StringBuilder(uri.getScheme()).append("://").append(hostAndPort);
        if (uri.getRawPath() != null) {
            out.append(uri.getRawPath());
        }
        if (uri.getRawQuery() != null) {
            out.append('?').append(uri.getRawQuery());
        }
        return URI.create(out.toString());
    }

    /** The header value to send, or {@code null}. */
    static String authorization(Settings settings, URI configUrl) {
        Settings.Value configured = settings.lookup(FilterSettings.CONFIG_AUTHORIZATION);
        String userInfo = configUrl.getUserInfo();
        if (configured != null) {
            if (userInfo != null) {
                throw settings.invalidSecret(FilterSettings.CONFIG_AUTHORIZATION, configured, "the "
                        + FilterSettings.CONFIG_URL + " carries user info too; give the credentials one way only");
            }
            for (int i = 0; i < configured.value().length(); i++) {
                char c = configured.value().charAt(i);
                if (c < 0x20 || c > 0x7e) {
                    throw settings.invalidSecret(FilterSettings.CONFIG_AUTHORIZATION, configured, "character "
                            + (i + 1) + " is not printable ASCII; expected an Authorization header value such as "
                            + "'Bearer <token>'");
                }
            }
            return configured.value();
        }
        if (userInfo == null) {
            return null;
        }
        String credentials = userInfo.indexOf(':') < 0 ? userInfo + ":" : userInfo;
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }
}
