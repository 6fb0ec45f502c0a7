package io.github.betaheaders.servlet;

import io.github.betaheaders.body.JsonMediaType;
import io.github.betaheaders.core.BetaOverrides;
import io.github.betaheaders.core.EchoedInput;
import io.github.betaheaders.core.FilterSettings;
import io.github.betaheaders.core.InvalidMappingException;
import io.github.betaheaders.service.BetaHeadersService;
import io.github.betaheaders.store.StoreException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;

/**
 * {@value AnthropicBetaHeadersAdminServlet#OVERRIDES_PATH} of the admin API, for one request already admitted by
 * {@link AdminAccess}: {@code GET} shows the overrides, {@code PUT} replaces them with the JSON document of its body
 * (at most {@code maxConfigBytes}; checked as at deployment: a refused one is a 400 saying what is wrong and changes
 * nothing), {@code DELETE} removes them all (204). Each change is written to the store (the {@code overridesFile},
 * atomically; with a shared store, its overrides table, and a 503 when it does not answer) before it is active, and
 * audited.
 */
final class OverridesResource {

    private static final String CONTENT_ENCODING = "Content-Encoding";
    private static final int SC_CONTENT_TOO_LARGE = 413;

    private final BetaHeadersService service;
    private final AdminAudit audit;
    private final String who;
    private final String address;

    OverridesResource(BetaHeadersService service, AdminAudit audit, String who, String address) {
        this.service = service;
        this.audit = audit;
        this.who = who;
        this.address = address;
    }

    AdminResponses.OverridesState state() {
        return AnthropicBetaHeadersAdminServlet.overridesState(service);
    }

    void replace(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String action = "replace the overrides";
        if (!JsonMediaType.matches(request.getContentType())) {
            refuse(response, action, HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE, "the body must be JSON "
                    + "(Content-Type application/json), found " + (request.getContentType() == null ? "none"
                    : "[" + EchoedInput.of(request.getContentType()) + "]"));
            return;
        }
        String encoding = request.getHeader(CONTENT_ENCODING);
        if (encoding != null && !encoding.isBlank() && !encoding.trim().equalsIgnoreCase("identity")) {
            refuse(response, action, HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE, "the body must not be "
                    + "content-encoded, found Content-Encoding [" + EchoedInput.of(encoding) + "]");
            return;
        }
        long max = service.settings().maxConfigBytes();
        long declared = request.getContentLengthLong();
        byte[] body = declared > max ? null : bounded(request.getInputStream(), max);
        if (body == null) {
            response.setHeader("Connection", "close");
            refuse(response, action, SC_CONTENT_TOO_LARGE, "the body is larger than [" + FilterSettings.MAX_CONFIG_BYTES
                    + "] (" + max + " bytes)");
            return;
        }
        BetaOverrides made;
        try {
            made = service.replaceOverrides(body);
        } catch (InvalidMappingException e) {
            refuse(response, action, HttpServletResponse.SC_BAD_REQUEST, "not a valid overrides document: "
                    + EchoedInput.of(e.getMessage(), 1000));
            return;
        } catch (IOException e) {
            refuse(response, action, HttpServletResponse.SC_INTERNAL_SERVER_ERROR, "could not keep the overrides in "
                    + service.overridesWhere() + ": " + e);
            return;
        } catch (StoreException e) {
            storeDown(response, action, e);
            return;
        }
        audit.action(who, address, action, HttpServletResponse.SC_OK, made.sections().size() + " sections "
                + made.document().keySet() + " kept in " + service.overridesWhere());
        AnthropicBetaHeadersAdminServlet.send(response, HttpServletResponse.SC_OK, state());
    }

    void clear(HttpServletResponse response) throws IOException {
        String action = "remove the overrides";
        try {
            boolean had = service.clearOverrides();
            audit.action(who, address, action, HttpServletResponse.SC_NO_CONTENT, had ? "removed from "
                    + service.overridesWhere() : "there were none");
        } catch (IOException e) {
            refuse(response, action, HttpServletResponse.SC_INTERNAL_SERVER_ERROR, "could not keep the change in "
                    + service.overridesWhere() + ": " + e);
            return;
        } catch (StoreException e) {
            storeDown(response, action, e);
            return;
        }
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
        response.setHeader("Cache-Control", "no-store");
    }

    /** The shared store did not answer: a 503, as for the schedule; nothing changed on any node. */
    private void storeDown(HttpServletResponse response, String action, StoreException e) throws IOException {
        refuse(response, action, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "the shared store does not answer ("
                + e.getMessage() + "); nothing was changed");
    }

    private void refuse(HttpServletResponse response, String action, int status, String message) throws IOException {
        audit.action(who, address, action, status, "refused: " + message);
        AnthropicBetaHeadersAdminServlet.fail(response, status, message);
    }

    /** At most {@code max} bytes of the body, or {@code null} when it has more. */
    private static byte[] bounded(InputStream in, long max) throws IOException {
        byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
        return bytes.length > max ? null : bytes;
    }
}
