package io.github.betaheaders.servlet;

import io.github.betaheaders.core.EchoedInput;
import io.github.betaheaders.core.FailedLoginLimiter;
import io.github.betaheaders.core.Sha256;
import io.github.betaheaders.core.AdminSettings;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.Principal;
import java.time.Duration;
import java.util.List;

/**
 * Who may use the admin API: a user the container (or an earlier filter) authenticated and who is in one of the
 * {@code adminRoles}, or a client sending {@code Authorization: Bearer <adminToken>}. An address with too many failed
 * attempts is blocked ({@link FailedLoginLimiter}) for token logins; a user in an admin role is let in even from a
 * blocked address, since the container authenticated them and no token is being guessed.
 */
final class AdminAccess {

    /** The outcome for one request. */
    sealed interface Decision permits Granted, Refused {
    }

    /** Let in; {@code who} is the principal's name (escaped) or {@code "bearer token"}. */
    record Granted(String who) implements Decision {
    }

    /**
     * Refused with {@code status} (401, 403 or 429) and a message for the client; {@code challenge} tells whether to
     * send {@code WWW-Authenticate: Bearer}; {@code retryAfterSeconds} is above 0 for 429; {@code blockStarted} tells
     * whether this refusal blocked the address.
     */
    record Refused(int status, String message, boolean challenge, long retryAfterSeconds, boolean blockStarted)
            implements Decision {
    }

    static final String BEARER = "Bearer";
    static final String BY_TOKEN = "bearer token";

    private final byte[] tokenDigest;
    private final List<String> roles;
    private final FailedLoginLimiter limiter;

    AdminAccess(String token, List<String> roles, FailedLoginLimiter limiter) {
        this.tokenDigest = token == null ? null : Sha256.digest(token.getBytes(StandardCharsets.UTF_8));
        this.roles = List.copyOf(roles);
        this.limiter = limiter;
    }

    /** Whether neither a token nor a role is configured: the API is then closed. */
    boolean closed() {
        return tokenDigest == null && roles.isEmpty();
    }

    long blockSeconds() {
        return limiter.block().toSeconds();
    }

    Decision decide(HttpServletRequest request) {
        Principal principal = request.getUserPrincipal();
        if (principal != null) {
            for (String role : roles) {
                if (request.isUserInRole(role)) {
                    return new Granted(EchoedInput.of(principal.getName()));
                }
            }
        }
        String address = request.getRemoteAddr();
        Duration blocked = limiter.blockedFor(address);
        if (!blocked.isZero()) {
            long seconds = retryAfter(blocked);
            return new Refused(429, "too many failed admin attempts from this address: retry in " + seconds
                    + " seconds", false, seconds, false);
        }
        if (tokenDigest != null && tokenMatches(request.getHeader("Authorization"))) {
            limiter.succeeded(address);
            return new Granted(BY_TOKEN);
        }
        boolean blockStarted = limiter.failed(address);
        if (principal != null && !roles.isEmpty()) {
            return new Refused(403, "user [" + EchoedInput.of(principal.getName()) + "] is in none of the roles "
                    + roles + " (" + AdminSettings.ADMIN_ROLES + ") that the admin API requires"
                    + (tokenDigest == null ? "" : ", and sent no valid bearer token"), false, 0, blockStarted);
        }
        String message;
        if (tokenDigest == null) {
            message = "not authenticated: the admin API requires a user in one of the roles " + roles + " ("
                    + AdminSettings.ADMIN_ROLES + ")";
        } else if (roles.isEmpty()) {
            message = "missing or wrong token: send the header Authorization: Bearer <" + AdminSettings.ADMIN_TOKEN
                    + ">";
        } else {
            message = "missing or wrong token: send the header Authorization: Bearer <" + AdminSettings.ADMIN_TOKEN
                    + ">, or log in as a user in one of the roles " + roles + " (" + AdminSettings.ADMIN_ROLES + ")";
        }
        return new Refused(401, message, true, 0, blockStarted);
    }

    private static long retryAfter(Duration blocked) {
        long seconds = blocked.getSeconds() + (blocked.getNano() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }

    private boolean tokenMatches(String header) {
        if (header == null) {
            return false;
        }
        header = header.trim();
        if (header.length() <= BEARER.length() || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())
                || !Character.isWhitespace(header.charAt(BEARER.length()))) {
            return false;
        }
        String token = header.substring(BEARER.length()).trim();
        // Digests of equal length, compared in constant time: neither the content nor the length of the token leaks.
        return !token.isEmpty()
                && MessageDigest.isEqual(tokenDigest, Sha256.digest(token.getBytes(StandardCharsets.UTF_8)));
    }
}
