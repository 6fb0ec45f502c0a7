package io.github.betaheaders.core;

import java.util.regex.Pattern;

/**
 * Hides the password a JDBC URL may carry before it is shown: {@code password=} and {@code pwd=} parameter values (in
 * the {@code ?a=b&c=d} and the {@code ;a=b} styles), and the {@code user:password@} of an authority.
 */
public final class JdbcUrlRedaction {

    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)((?:password|pwd)=)[^&;)]*");
    private static final Pattern USER_INFO = Pattern.compile("//[^/@?;]*:[^/@?;]*@");

    private JdbcUrlRedaction() {
    }

    public static String redact(String url) {
        if (url == null) {
            return null;
        }
        return USER_INFO.matcher(PASSWORD_PARAMETER.matcher(url).replaceAll("$1" + UrlRedaction.HIDDEN))
                .replaceAll("//" + UrlRedaction.HIDDEN + "@");
    }
}
