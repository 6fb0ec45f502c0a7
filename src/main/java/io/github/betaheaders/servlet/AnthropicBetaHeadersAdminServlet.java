package io.github.betaheaders.servlet;

import io.github.betaheaders.core.AdminSettings;
import io.github.betaheaders.core.EchoedInput;
import io.github.betaheaders.core.FailedLoginLimiter;
import io.github.betaheaders.core.FilterSettings;
import io.github.betaheaders.core.InvalidSettingException;
import io.github.betaheaders.core.RefusalLogLimiter;
import io.github.betaheaders.core.Settings;
import io.github.betaheaders.learn.QuarantineEntry;
import io.github.betaheaders.learn.QuarantineSelector;
import io.github.betaheaders.metrics.PrometheusText;
import io.github.betaheaders.service.BetaHeadersService;
import io.github.betaheaders.service.MappingReload;
import io.github.betaheaders.service.ReloadNotFinishedException;
import io.github.betaheaders.store.StoreException;
import io.github.betaheaders.load.LoadFailedException;
import io.github.betaheaders.load.MappingSnapshot;
import io.github.betaheaders.load.ReloadSchedule;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.MappingMatch;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The admin API, at LiteLLM's URLs: reload the mapping now, set, cancel and show the reload schedule, show the active
 * mapping; and beside them the counters and the overrides laid over the table ({@link OverridesResource}). Declared
 * in the jar's web-fragment as {@value #NAME} on exactly those paths; an app may map it
 * elsewhere (such as {@code /admin/*}): it routes on the path after its mapping.
 *
 * <p>Every request needs {@code Authorization: Bearer <adminToken>} or a container-authenticated user in one of the
 * {@code adminRoles} ({@link AdminAccess}); with neither configured every request is refused with 403, so the jar opens
 * nothing by default. State changes and refusals are logged ({@link AdminAudit}). It works on what
 * {@link AnthropicBetaHeadersListener} publishes in the servlet context: a thin view on the webapp's
 * {@link BetaHeadersService}. Its init-params are the {@code PARAM_*} below (all of them in {@link AdminSettings}).
 */
public class AnthropicBetaHeadersAdminServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** The servlet's name in the web-fragment. */
    public static final String NAME = "AnthropicBetaHeadersAdmin";
    public static final String RELOAD_PATH = "/reload/anthropic_beta_headers";
    public static final String SCHEDULE_PATH = "/schedule/anthropic_beta_headers_reload";
    public static final String SCHEDULE_STATUS_PATH = SCHEDULE_PATH + "/status";
    public static final String MAPPING_PATH = "/anthropic_beta_headers";
    /** The overrides laid over the table: {@code GET}, {@code PUT} (a whole document), {@code DELETE}. */
    public static final String OVERRIDES_PATH = MAPPING_PATH + "/overrides";
    /** {@code DELETE} ends quarantines ({@code learnFromRejections}): all, or those the query parameters select. */
    public static final String QUARANTINE_PATH = MAPPING_PATH + "/quarantine";
    /** Query parameters of {@code DELETE} {@value #QUARANTINE_PATH}; each one given must match. */
    public static final List<String> QUARANTINE_PARAMETERS = List.of("provider", "model", "beta");
    /** The counters in the Prometheus text format; {@code adminMetricsOpen} serves it without a token. */
    public static final String METRICS_PATH = "/metrics/anthropic_beta_headers";
    /** Init-param: the bearer token of the admin API (at least 16 characters); a secret. */
    public static final String PARAM_ADMIN_TOKEN = AdminSettings.ADMIN_TOKEN;
    /** Init-param: roles (comma-separated) whose container-authenticated users may use the admin API. */
    public static final String PARAM_ADMIN_ROLES = AdminSettings.ADMIN_ROLES;
    /** Init-param: failed logins from one address, within the window, that block it (default 10). */
    public static final String PARAM_ADMIN_MAX_FAILURES = AdminSettings.ADMIN_MAX_FAILURES;
    /** Init-param: the window in which an address's failed logins count, in seconds (default 60). */
    public static final String PARAM_ADMIN_FAILURE_WINDOW_SECONDS = AdminSettings.ADMIN_FAILURE_WINDOW_SECONDS;
    /** Init-param: how long a blocked address gets 429, in seconds (default 60). */
    public static final String PARAM_ADMIN_BLOCK_SECONDS = AdminSettings.ADMIN_BLOCK_SECONDS;
    /** Init-param: {@code true} serves {@value #METRICS_PATH} to anyone (a scraper on a trusted network). */
    public static final String PARAM_ADMIN_METRICS_OPEN = AdminSettings.ADMIN_METRICS_OPEN;
    /** The query parameter of {@code POST} {@value #SCHEDULE_PATH}. */
    public static final String HOURS_PARAMETER = "hours";

    private static final System.Logger LOG = System.getLogger(AnthropicBetaHeadersAdminServlet.class.getName());
    /** Refused attempts logged per minute at most, over all addresses. */
    static final int MAX_REFUSAL_LINES_PER_MINUTE = 20;
    private static final List<String> PATHS = List.of(RELOAD_PATH, SCHEDULE_PATH, SCHEDULE_STATUS_PATH, MAPPING_PATH,
            OVERRIDES_PATH, QUARANTINE_PATH, METRICS_PATH);

    private transient AdminAccess access;
    private transient AdminAudit audit;
    private boolean metricsOpen;

    /** How messages name the admin servlet called {@code servletName}. */
    static String component(String servletName) {
        return "servlet [" + servletName + "]";
    }

    @Override
    public void init() throws ServletException {
        String component = component(getServletName());
        AdminSettings settings;
        try {
            settings = AdminSettings.read(component, Collections.list(getInitParameterNames()), this::getInitParameter);
        } catch (InvalidSettingException e) {
            LOG.log(Level.ERROR, e.getMessage());
            throw new ServletException(e.getMessage(), e);
        }
        settings.logSources();
        metricsOpen = settings.metricsOpen();
        Clock clock = Clock.systemUTC();
        access = new AdminAccess(settings.adminToken(), settings.adminRoles(), new FailedLoginLimiter(clock,
                settings.maxFailures(), Duration.ofSeconds(settings.failureWindowSeconds()),
                Duration.ofSeconds(settings.blockSeconds()), AdminSettings.MAX_TRACKED_ADDRESSES));
        audit = new AdminAudit(component, new RefusalLogLimiter(clock, Duration.ofMinutes(1),
                MAX_REFUSAL_LINES_PER_MINUTE));
        if (access.closed()) {
            LOG.log(Level.INFO, () -> component + ": neither " + AdminSettings.ADMIN_TOKEN + " nor "
                    + AdminSettings.ADMIN_ROLES + " is configured, so the admin API refuses every request");
        }
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = pathAfterMapping(request);
        String method = request.getMethod();
        String address = request.getRemoteAddr();
        if (metricsOpen && METRICS_PATH.equals(path)) {
            if (allowed(method, response, path, "GET")) {
                metrics(response);
            }
            return;
        }
        if (access.closed()) {
            audit.refused(address, method, path, HttpServletResponse.SC_FORBIDDEN, "the admin API is closed", false);
            fail(response, HttpServletResponse.SC_FORBIDDEN, "the admin API is closed: no " + AdminSettings.ADMIN_TOKEN
                    + " is configured (init-param " + AdminSettings.ADMIN_TOKEN + " of servlet [" + getServletName()
                    + "], system property " + Settings.systemPropertyName(AdminSettings.ADMIN_TOKEN)
                    + " or environment variable " + Settings.environmentName(AdminSettings.ADMIN_TOKEN) + ") and no "
                    + AdminSettings.ADMIN_ROLES);
            return;
        }
        AdminAccess.Decision decision = access.decide(request);
        if (decision instanceof AdminAccess.Refused refused) {
            audit.refused(address, method, path, refused.status(), refused.message()
                    + (refused.blockStarted() ? "; the address is now blocked for "
                    + access.blockSeconds() + " s" : ""), refused.blockStarted());
            if (refused.challenge()) {
                response.setHeader("WWW-Authenticate", AdminAccess.BEARER);
            }
            if (refused.retryAfterSeconds() > 0) {
                response.setHeader("Retry-After", String.valueOf(refused.retryAfterSeconds()));
            }
            fail(response, refused.status(), refused.message());
            return;
        }
        audit.summarizeSuppressed();
        String who = ((AdminAccess.Granted) decision).who();
        switch (path) {
            case RELOAD_PATH:
                if (allowed(method, response, path, "POST")) {
                    reload(response, who, address);
                }
                break;
            case SCHEDULE_PATH:
                if (allowed(method, response, path, "POST", "DELETE")) {
                    if ("POST".equals(method)) {
                        schedule(request, response, who, address);
                    } else {
                        cancel(response, who, address);
                    }
                }
                break;
            case SCHEDULE_STATUS_PATH:
                if (allowed(method, response, path, "GET")) {
                    scheduleStatus(response);
                }
                break;
            case MAPPING_PATH:
                if (allowed(method, response, path, "GET")) {
                    mapping(response);
                }
                break;
            case QUARANTINE_PATH:
                if (allowed(method, response, path, "DELETE")) {
                    unquarantine(request, response, who, address);
                }
                break;
            case METRICS_PATH:
                if (allowed(method, response, path, "GET")) {
                    metrics(response);
                }
                break;
            case OVERRIDES_PATH:
                if (allowed(method, response, path, "GET", "PUT", "DELETE")) {
                    overrides(request, response, who, address);
                }
                break;
            default:
                fail(response, HttpServletResponse.SC_NOT_FOUND, "no admin resource at [" + EchoedInput.of(path)
                        + "]; the resources are " + PATHS);
        }
    }

    /**
     * The path this servlet routes on: for a prefix mapping ({@code /admin/*}) what follows the prefix, for an exact
     * or default mapping the whole servlet path.
     */
    static String pathAfterMapping(HttpServletRequest request) {
        HttpServletMapping mapping = request.getHttpServletMapping();
        String pathInfo = request.getPathInfo();
        if (mapping != null && mapping.getMappingMatch() == MappingMatch.PATH) {
            return pathInfo == null ? "" : pathInfo;
        }
        return request.getServletPath() + (pathInfo == null ? "" : pathInfo);
    }

    private boolean allowed(String method, HttpServletResponse response, String path, String... allowed)
            throws IOException {
        for (String m : allowed) {
            if (m.equals(method)) {
                return true;
            }
        }
        String allow = String.join(", ", allowed);
        response.setHeader("Allow", allow);
        fail(response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "method " + EchoedInput.of(method)
                + " is not allowed on [" + path + "]; allowed: " + allow);
        return false;
    }

    private void reload(HttpServletResponse response, String who, String address) throws IOException {
        BetaHeadersService service = service(response);
        if (service == null) {
            audit.action(who, address, "reload", HttpServletResponse.SC_SERVICE_UNAVAILABLE, "the service is not running");
            return;
        }
        try {
            MappingReload reload = service.reload();
            MappingSnapshot loaded = reload.after();
            String message = "reloaded the anthropic-beta mapping from " + loaded.source()
                    + (reload.changed() ? "" : "; nothing changed");
            audit.action(who, address, "reload", HttpServletResponse.SC_OK, message + " (sha256 "
                    + loaded.sha256() + ")");
            send(response, HttpServletResponse.SC_OK, new AdminResponses.Reloaded(message, AdminResponses.SUCCESS,
                    loaded.mapping().providerCount(), AdminResponses.time(Instant.now()),
                    AdminResponses.Change.of(reload)));
        } catch (LoadFailedException e) {
            audit.action(who, address, "reload", HttpServletResponse.SC_BAD_GATEWAY, "failed: " + e.getMessage());
            fail(response, HttpServletResponse.SC_BAD_GATEWAY, e.getMessage());
        } catch (ReloadNotFinishedException e) {
            if (e.queued()) {
                audit.action(who, address, "reload", HttpServletResponse.SC_ACCEPTED, e.getMessage());
                send(response, HttpServletResponse.SC_ACCEPTED, new AdminResponses.Queued(e.getMessage(),
                        AdminResponses.Queued.QUEUED, AdminResponses.time(Instant.now())));
            } else {
                audit.action(who, address, "reload", HttpServletResponse.SC_SERVICE_UNAVAILABLE, e.getMessage());
                fail(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, e.getMessage());
            }
        }
    }

    private void schedule(HttpServletRequest request, HttpServletResponse response, String who, String address)
            throws IOException {
        BetaHeadersService service = service(response);
        if (service == null) {
            audit.action(who, address, "set the reload schedule", HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                    "the service is not running");
            return;
        }
        ReloadSchedule schedule;
        try {
            // From the query only: request.getParameter would also read a form body, of any size and at any pace.
            double hours = ReloadSchedule.parseHours(QueryParameter.first(request.getQueryString(), HOURS_PARAMETER));
            schedule = service.schedule(hours);
        } catch (StoreException e) {
            storeDown(response, who, address, "set the reload schedule", e);
            return;
        } catch (IllegalArgumentException e) {
            audit.action(who, address, "set the reload schedule", HttpServletResponse.SC_BAD_REQUEST,
                    "refused: " + e.getMessage());
            fail(response, HttpServletResponse.SC_BAD_REQUEST, e.getMessage());
            return;
        }
        Number shown = AdminResponses.hours(schedule.intervalHours());
        String message = "the anthropic-beta mapping will be reloaded every " + shown + " hours, first at "
                + AdminResponses.time(schedule.nextRun());
        audit.action(who, address, "set the reload schedule", HttpServletResponse.SC_OK, message);
        send(response, HttpServletResponse.SC_OK, new AdminResponses.Scheduled(message, AdminResponses.SUCCESS, shown,
                AdminResponses.time(Instant.now())));
    }

    private void cancel(HttpServletResponse response, String who, String address) throws IOException {
        BetaHeadersService service = service(response);
        if (service == null) {
            audit.action(who, address, "cancel the reload schedule", HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                    "the service is not running");
            return;
        }
        boolean cancelled;
        try {
            cancelled = service.cancelSchedule();
        } catch (StoreException e) {
            storeDown(response, who, address, "cancel the reload schedule", e);
            return;
        }
        if (cancelled) {
            audit.action(who, address, "cancel the reload schedule", HttpServletResponse.SC_OK,
                    "the reload schedule is cancelled");
            send(response, HttpServletResponse.SC_OK, new AdminResponses.Cancelled("the reload schedule is cancelled",
                    AdminResponses.SUCCESS, AdminResponses.time(Instant.now())));
        } else {
            audit.action(who, address, "cancel the reload schedule", HttpServletResponse.SC_NOT_FOUND,
                    "no reload is scheduled");
            fail(response, HttpServletResponse.SC_NOT_FOUND, "no reload is scheduled");
        }
    }

    private void storeDown(HttpServletResponse response, String who, String address, String action,
                           StoreException e) throws IOException {
        String message = "the shared store does not answer (" + e.getMessage() + "); nothing was changed";
        audit.action(who, address, action, HttpServletResponse.SC_SERVICE_UNAVAILABLE, message);
        fail(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, message);
    }

    private void scheduleStatus(HttpServletResponse response) throws IOException {
        BetaHeadersService service = service(response);
        if (service != null) {
            send(response, HttpServletResponse.SC_OK, AdminResponses.WithCluster.of(
                    AdminResponses.ScheduleState.of(service.schedule()), service.cluster()));
        }
    }

    private void mapping(HttpServletResponse response) throws IOException {
        BetaHeadersService service = service(response);
        if (service != null) {
            send(response, HttpServletResponse.SC_OK, AdminResponses.WithCluster.of(AdminResponses.MappingState.of(
                    service.status(), service.lastChange(), overridesState(service), service.quarantine().entries()),
                    service.cluster()));
        }
    }

    private void overrides(HttpServletRequest request, HttpServletResponse response, String who, String address)
            throws IOException {
        BetaHeadersService service = service(response);
        if (service == null) {
            return;
        }
        OverridesResource resource = new OverridesResource(service, audit, who, address);
        switch (request.getMethod()) {
            case "PUT" -> resource.replace(request, response);
            case "DELETE" -> resource.clear(response);
            default -> send(response, HttpServletResponse.SC_OK, resource.state());
        }
    }

    /** The overrides as the admin API shows them. */
    static AdminResponses.OverridesState overridesState(BetaHeadersService service) {
        return AdminResponses.OverridesState.of(service.overridesWhere(), service.status().active().mapping(),
                service.current().mapping(), service.overridesRevision());
    }

    /**
     * Ends quarantines: 200 with those removed, 404 when none matched, 400 for a query parameter that is unknown,
     * repeated, empty (but {@code model=}, which selects the entries without a model) or badly encoded.
     */
    private void unquarantine(HttpServletRequest request, HttpServletResponse response, String who, String address)
            throws IOException {
        String action = "end quarantines";
        BetaHeadersService service = service(response);
        if (service == null) {
            audit.action(who, address, action, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "the service is not running");
            return;
        }
        QuarantineSelector selector;
        try {
            selector = quarantineSelector(request.getQueryString());
        } catch (IllegalArgumentException e) {
            audit.action(who, address, action, HttpServletResponse.SC_BAD_REQUEST, "refused: " + e.getMessage());
            fail(response, HttpServletResponse.SC_BAD_REQUEST, e.getMessage());
            return;
        }
        List<QuarantineEntry> removed;
        try {
            removed = service.quarantine().remove(selector);
        } catch (StoreException e) {
            storeDown(response, who, address, action, e);
            return;
        }
        if (removed.isEmpty()) {
            audit.action(who, address, action, HttpServletResponse.SC_NOT_FOUND, "no quarantine matched");
            fail(response, HttpServletResponse.SC_NOT_FOUND, "no quarantined beta matches"
                    + (service.settings().learnFromRejections() ? "" : " (" + FilterSettings.LEARN_FROM_REJECTIONS
                    + " is off)"));
            return;
        }
        List<String> names = new ArrayList<>();
        removed.forEach(e -> names.add(e.provider() + (e.model() == null ? "" : "/" + e.model()) + ":" + e.beta()));
        String message = "ended " + removed.size() + " quarantine" + (removed.size() == 1 ? "" : "s") + ": " + names
                + "; these betas are forwarded again";
        audit.action(who, address, action, HttpServletResponse.SC_OK, message);
        send(response, HttpServletResponse.SC_OK, new AdminResponses.Unquarantined(message, AdminResponses.SUCCESS,
                removed, AdminResponses.time(Instant.now())));
    }

    /** The selector of a {@code DELETE} {@value #QUARANTINE_PATH}'s query. */
    static QuarantineSelector quarantineSelector(String query) {
        if (query == null || query.isEmpty()) {
            return QuarantineSelector.ALL;
        }
        Set<String> seen = new HashSet<>();
        for (String pair : query.split("&", -1)) {
            int equals = pair.indexOf('=');
            String key = equals < 0 ? pair : pair.substring(0, equals);
            if (!QUARANTINE_PARAMETERS.contains(key)) {
                throw new IllegalArgumentException("unknown query parameter [" + EchoedInput.of(key) + "]; "
                        + QUARANTINE_PATH + " takes " + QUARANTINE_PARAMETERS);
            }
            if (!seen.add(key)) {
                throw new IllegalArgumentException("the query parameter [" + key + "] is given more than once");
            }
        }
        String provider = QueryParameter.first(query, "provider");
        String model = QueryParameter.first(query, "model");
        String beta = QueryParameter.first(query, "beta");
        if ("".equals(provider) || "".equals(beta)) {
            throw new IllegalArgumentException("the query parameters [provider] and [beta] need a value");
        }
        return new QuarantineSelector(provider, model == null, "".equals(model) ? null : model, beta);
    }

    private void metrics(HttpServletResponse response) throws IOException {
        BetaHeadersService service = service(response);
        if (service == null) {
            return;
        }
        byte[] bytes = PrometheusText.write(service.metrics()).getBytes(StandardCharsets.UTF_8);
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(PrometheusText.CONTENT_TYPE);
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    private BetaHeadersService service(HttpServletResponse response) throws IOException {
        BetaHeadersService service = AnthropicBetaHeadersListener.serviceOf(getServletContext());
        if (service == null) {
            fail(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "no mapping to administer: the listener "
                    + AnthropicBetaHeadersListener.class.getSimpleName() + " is not running in this webapp");
        }
        return service;
    }

    static void fail(HttpServletResponse response, int status, String message) throws IOException {
        send(response, status, AdminResponses.Failure.of(message, Instant.now()));
    }

    static void send(HttpServletResponse response, int status, AdminResponses.Body body) throws IOException {
        byte[] bytes = AdminResponses.toJson(body).getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("application/json");
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
