package io.github.betaheaders.servlet;

import io.github.betaheaders.body.BodyBufferBudget;
import io.github.betaheaders.body.ModelSource;
import io.github.betaheaders.core.BetaMapping;
import io.github.betaheaders.core.BetaRules;
import io.github.betaheaders.core.FilterSettings;
import io.github.betaheaders.core.ModelLocator;
import io.github.betaheaders.core.ModelQuarantine;
import io.github.betaheaders.core.ProviderDetector;
import io.github.betaheaders.core.QuarantinedBetas;
import io.github.betaheaders.core.RewriteResult;
import io.github.betaheaders.core.SigV4Signature;
import io.github.betaheaders.metrics.RequestTally;
import io.github.betaheaders.metrics.UntouchedReason;
import io.github.betaheaders.service.BetaHeadersService;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Rewrites the betas of each request for the provider it goes to, so that the proxy servlet behind it forwards only
 * what that provider accepts, under the provider's names: the {@code anthropic-beta} header ({@link BetaHeaderRequest})
 * and the {@code anthropic_beta} arrays of a JSON body ({@link RequestBodyReader}).
 *
 * <p>A thin view on the webapp's {@link BetaHeadersService}, which {@link AnthropicBetaHeadersListener} starts and
 * publishes in the servlet context (or which code registering the filter itself passes to
 * {@link #AnthropicBetaHeadersFilter(BetaHeadersService)}). The filter's init-params are the service's settings
 * ({@code PARAM_*} below; all of them in {@link FilterSettings}); the listener reads them from this filter's
 * registration.
 */
public class AnthropicBetaHeadersFilter implements Filter {

    /** The filter's name in the web-fragment: declare a filter of this name in web.xml to change its init-params. */
    public static final String NAME = "AnthropicBetaHeadersFilter";

    /** The header this filter rewrites; matched in any case. */
    public static final String HEADER = BetaHeaderRequest.HEADER;

    /**
     * Request attribute: a provider key set by code earlier in the chain; it overrides {@code provider}, {@code routes}
     * and recognition for that request.
     */
    public static final String PROVIDER_ATTRIBUTE = "anthropicBetaHeaders.provider";

    /** Init-param: one provider key for every request, or {@code auto} (the default) to recognise it from the path. */
    public static final String PARAM_PROVIDER = FilterSettings.PROVIDER;
    /** Init-param: {@code PATTERN=PROVIDER} rules, one per line or comma-separated; the first match wins. */
    public static final String PARAM_ROUTES = FilterSettings.ROUTES;
    /** Init-param: providers that forward betas their section does not mention (default {@code anthropic}). */
    public static final String PARAM_FORWARD_UNKNOWN_BETAS = FilterSettings.FORWARD_UNKNOWN_BETAS;
    /** Init-param: a local mapping file used instead of the bundled one. */
    public static final String PARAM_CONFIG_FILE = FilterSettings.CONFIG_FILE;
    /** Init-param: where the mapping is fetched from (default: LiteLLM's file on GitHub). */
    public static final String PARAM_CONFIG_URL = FilterSettings.CONFIG_URL;
    /** Init-param: the {@code Authorization} value sent with each fetch of the config URL; a secret. */
    public static final String PARAM_CONFIG_AUTHORIZATION = FilterSettings.CONFIG_AUTHORIZATION;
    /** Init-param: {@code true} never fetches the mapping. */
    public static final String PARAM_LOCAL_ONLY = FilterSettings.LOCAL_ONLY;
    /** Init-param: one deadline for a whole fetch, in seconds. */
    public static final String PARAM_FETCH_TIMEOUT_SECONDS = FilterSettings.FETCH_TIMEOUT_SECONDS;
    /** Init-param: the largest mapping document accepted, in bytes. */
    public static final String PARAM_MAX_CONFIG_BYTES = FilterSettings.MAX_CONFIG_BYTES;
    /** Init-param: where the last good fetched document is kept. */
    public static final String PARAM_CACHE_FILE = FilterSettings.CACHE_FILE;
    /** Init-param: how often the reload schedule checks whether a reload is due, in seconds. */
    public static final String PARAM_SCHEDULE_CHECK_SECONDS = FilterSettings.SCHEDULE_CHECK_SECONDS;
    /** Init-param: a reload schedule set at start, in hours. */
    public static final String PARAM_RELOAD_INTERVAL_HOURS = FilterSettings.RELOAD_INTERVAL_HOURS;
    /** Init-param: the largest JSON body whose betas are rewritten, in bytes; 0 reads no body. */
    public static final String PARAM_MAX_BODY_BYTES = FilterSettings.MAX_BODY_BYTES;
    /** Init-param: most bytes of bodies held at once over all requests. */
    public static final String PARAM_MAX_BUFFERED_BYTES = FilterSettings.MAX_BUFFERED_BYTES;
    /** Init-param: most betas in one header or body array that are rewritten. */
    public static final String PARAM_MAX_BETAS = FilterSettings.MAX_BETAS;
    /** Init-param: for bedrock, merge the rewritten header betas into the body's {@code anthropic_beta}. */
    public static final String PARAM_BEDROCK_HEADER_BETAS_TO_BODY = FilterSettings.BEDROCK_HEADER_BETAS_TO_BODY;
    /** Init-param: {@code enforce} (the default) rewrites betas; {@code report} forwards every request as sent. */
    public static final String PARAM_MODE = FilterSettings.MODE;
    /** Init-param: {@code true} answers with {@code x-anthropic-beta-dropped} and {@code x-anthropic-beta-renamed}. */
    public static final String PARAM_REPORT_DROPPED_BETAS = FilterSettings.REPORT_DROPPED_BETAS;
    /** Init-param: {@code true} quarantines the betas the provider refuses, per provider and model. */
    public static final String PARAM_LEARN_FROM_REJECTIONS = FilterSettings.LEARN_FROM_REJECTIONS;
    /** Init-param: how long a quarantine lasts, in hours (default 24). */
    public static final String PARAM_QUARANTINE_HOURS = FilterSettings.QUARANTINE_HOURS;
    /** Init-param: seconds the polled rest of a chunked body past {@code maxBodyBytes} may send nothing. */
    public static final String PARAM_BODY_IDLE_TIMEOUT_SECONDS = FilterSettings.BODY_IDLE_TIMEOUT_SECONDS;

    private static final System.Logger LOG = System.getLogger(AnthropicBetaHeadersFilter.class.getName());
    private static final String AUTHORIZATION = "Authorization";
    private static final String SIGNED_HEADER = "signed-header";
    private static final String SIGNED_BODY = "signed-body";
    private static final String SIGN_AT_THE_GATEWAY = "To have betas rewritten for such requests, the gateway, not the "
            + "client, has to sign them (after this filter). Logged once per filter.";

    private BetaHeadersService service;
    private FilterSettings settings;
    private RequestBodyReader bodies;
    private final CauseWarnings limitWarnings = new CauseWarnings(LOG);
    /** Causes already warned about, so that each is logged once per filter instance. */
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    /** The filter as a container creates it: it finds the webapp's service in the servlet context. */
    public AnthropicBetaHeadersFilter() {
    }

    /** A filter on the given service, for code that registers filters itself (its init-params are not read). */
    public AnthropicBetaHeadersFilter(BetaHeadersService service) {
        this.service = service;
    }

    @Override
    public void init(FilterConfig config) throws ServletException {
        if (service == null) {
            service = AnthropicBetaHeadersListener.serviceOf(config.getServletContext());
        }
        if (service == null) {
            String message = "filter [" + config.getFilterName() + "]: no " + BetaHeadersService.class.getSimpleName()
                    + " in this webapp: declare the listener " + AnthropicBetaHeadersListener.class.getName()
                    + " in web.xml (the jar's web-fragment declares it, but a metadata-complete web.xml ignores "
                    + "fragments)";
            LOG.log(Level.ERROR, message);
            throw new ServletException(message);
        }
        settings = service.settings();
        bodies = new RequestBodyReader(settings, service.rules(), service.bodyBudget());
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest http = request instanceof HttpServletRequest h && !isRewrittenAlready(h) ? h : null;
        String firstLine = http == null ? null : http.getHeader(HEADER);
        boolean jsonBody = http != null && bodies.applies(http);
        if (firstLine == null && !jsonBody) {
            chain.doFilter(request, response);
            return;
        }
        String provider = providerOf(http);
        if (provider == null) {
            if (firstLine != null) {
                // Counted when it has betas to show for it: a JSON body elsewhere (the app's own API) is not a call.
                RequestTally tally = service.counters().begin(null, http.getMethod(), http.getRequestURI());
                tally.untouched(UntouchedReason.NO_PROVIDER);
                tally.finish();
            }
            chain.doFilter(request, response);
            return;
        }
        RequestTally tally = service.counters().begin(provider, http.getMethod(), http.getRequestURI());
        BetaMapping mapping = service.current().mapping();
        boolean learn = settings.learnFromRejections();
        boolean modelRules = mapping.hasModelRules(provider);
        // Only a provider that some model rule names, or a learning filter, has its request's model looked for: the
        // model rules and the quarantines key on the same model.
        ModelSource model = modelRules || learn ? ModelSource.of(ModelLocator.fromPath(pathOf(http)))
                : ModelSource.NONE;
        AnswerWatch watch = learn && response instanceof HttpServletResponse web
                ? new AnswerWatch(web, service.quarantine(), provider, model.pathModel(), tally, !settings.report(),
                RequestLabel.of(http)) : null;
        ServletResponse answer = watch == null ? response : watch;
        ModelQuarantine quarantine = learn ? new RequestQuarantine(service.quarantine(), provider, watch)
                : ModelQuarantine.NONE;
        QuarantinedBetas quarantined = quarantine.betasFor(model.pathModel());
        RewriteResult header = null;
        boolean headerChanges = false;
        List<String> headerLines = null;
        if (firstLine != null) {
            Enumeration<String> lines = http.getHeaders(HEADER);
            String first = lines.nextElement();
            if (!lines.hasMoreElements()) {
                headerLines = List.of(first);
                header = quarantined.applyTo(rewriteHeaderBetas(http, provider, mapping, model.pathModel(), first));
                headerChanges = header != null && !first.equals(header.headerValue());
            } else {
                headerLines = allLines(first, lines);
                header = quarantined.applyTo(rewriteHeaderBetas(http, provider, mapping, model.pathModel(),
                        headerLines));
                headerChanges = header != null; // several lines always go on as one
            }
            if (header == null) {
                tally.untouched(UntouchedReason.TOO_MANY_BETAS);
            }
        }
        // Only a request the filter is about to change needs to know whether the client signed it.
        SigV4Signature signature = headerChanges || jsonBody
                ? SigV4Signature.of(http.getHeader(AUTHORIZATION), http.getQueryString()) : null;
        // The header of a request whose model is in its body waits for the body's model (BodyModelHeader), when a
        // model rule or a quarantine of its provider may depend on that model.
        BodyModelHeader awaitingModel = header != null && jsonBody && model.fromBody() && !settings.report()
                && signature == null && (modelRules || learn && service.quarantine().anyFor(provider))
                ? new BodyModelHeader(service.rules(), mapping, provider, headerLines, quarantine, quarantined, tally)
                : null;
        HttpServletRequest forwarded = header == null ? http : awaitingModel != null
                ? awaitingModel.request(http, header, headerChanges)
                : rewriteHeader(http, header, headerChanges, signature, tally);
        if (jsonBody) {
            boolean merge = settings.bedrockHeaderBetasToBody() && ProviderDetector.BEDROCK.equals(provider);
            List<String> toMerge = merge && header != null ? header.betas() : List.of();
            forwarded = rewriteBody(forwarded, answer, provider, mapping, model, quarantine, toMerge, signature,
                    tally);
            if (forwarded == null) {
                // The body is arriving without blocking; the chain goes on in an ASYNC dispatch.
                if (watch != null) {
                    watch.dispatchReturned(http);
                }
                return;
            }
        }
        bodies.finish(tally, answer);
        boolean returned = false;
        try {
            chain.doFilter(forwarded, answer);
            returned = true;
        } finally {
            if (forwarded instanceof BufferedBodyRequest buffered) {
                buffered.requestDone(http);
            }
            if (watch != null) {
                if (returned) {
                    watch.dispatchReturned(http);
                } else {
                    watch.forget(); // the chain failed: the status read now would not be the answer's
                }
            }
        }
    }

    /** One header line's betas rewritten, or {@code null} when it has more than {@code maxBetas}. */
    private RewriteResult rewriteHeaderBetas(HttpServletRequest http, String provider, BetaMapping mapping,
                                             String model, String line) {
        int max = settings.maxBetas();
        // n betas take at least 2n - 1 characters: a short line needs no counting (the usual case).
        if ((line.length() + 1) / 2 > max && BetaRules.countItems(line, max) > max) {
            warnTooManyHeaderBetas(http, max);
            return null;
        }
        return logged(http, provider, service.rules().rewrite(mapping, provider, model, line));
    }

    /** Several header lines' betas rewritten, or {@code null} when they have more than {@code maxBetas}. */
    private RewriteResult rewriteHeaderBetas(HttpServletRequest http, String provider, BetaMapping mapping,
                                             String model, List<String> lines) {
        if (tooManyHeaderBetas(lines)) {
            warnTooManyHeaderBetas(http, settings.maxBetas());
            return null;
        }
        return logged(http, provider, service.rules().rewrite(mapping, provider, model, lines));
    }

    private RewriteResult logged(HttpServletRequest http, String provider, RewriteResult result) {
        if (result.changedAnything() && LOG.isLoggable(Level.DEBUG)) {
            LOG.log(Level.DEBUG, (settings.report() ? "report mode, forwarded as sent; enforce would have: " : "")
                    + "anthropic-beta for provider [" + provider + "] on " + http.getMethod() + " "
                    + http.getRequestURI() + ": dropped " + result.dropped() + ", renamed " + result.renamed()
                    + ", forwarding " + result.betas());
        }
        return result;
    }

    private static List<String> allLines(String first, Enumeration<String> rest) {
        List<String> all = new ArrayList<>();
        all.add(first);
        while (rest.hasMoreElements()) {
            all.add(rest.nextElement());
        }
        return all;
    }

    /**
     * The request with its header rewritten when the rules change it; unchanged when the client's SigV4 signature
     * covers the header, or in report mode. Tallies what was (or would be) done.
     */
    private HttpServletRequest rewriteHeader(HttpServletRequest http, RewriteResult header, boolean changes,
                                             SigV4Signature signature, RequestTally tally) {
        if (!changes) {
            tally.header(header);
            return http;
        }
        if (signature != null && signature.signs(HEADER)) {
            warnOnce(SIGNED_HEADER, () -> RequestLabel.of(http) + " is signed by the client with AWS SigV4 and its "
                    + "SignedHeaders include " + HEADER + ": the header is forwarded unchanged, since changing it "
                    + "breaks the signature. " + SIGN_AT_THE_GATEWAY);
            tally.untouched(UntouchedReason.SIGV4_SIGNED_HEADER);
            return http;
        }
        tally.header(header);
        tally.changed();
        return settings.report() ? http : new BetaHeaderRequest(http, header.headerValue());
    }

    /**
     * The request with its body read and rewritten, holding its share of {@code maxBufferedBytes} until it ends; or
     * {@code null} when the body is being read without blocking ({@link NonBlockingBodyReader}, where the request
     * allows async and the body has not arrived whole yet), so that a slow body holds no thread. Unchanged when the body is signed, too large or over the
     * budget.
     */
    private HttpServletRequest rewriteBody(HttpServletRequest forwarded, ServletResponse response, String provider,
                                           BetaMapping mapping, ModelSource model, ModelQuarantine quarantined,
                                           List<String> toMerge,
                                           SigV4Signature signature, RequestTally tally) {
        if (signature != null) {
            warnOnce(SIGNED_BODY, () -> RequestLabel.of(forwarded) + " is signed by the client with AWS SigV4, which "
                    + "covers the body: the body is forwarded unchanged and its anthropic_beta is not rewritten. "
                    + SIGN_AT_THE_GATEWAY);
            tally.untouched(UntouchedReason.SIGV4_SIGNED_BODY);
            return forwarded;
        }
        if (bodies.declaredTooLarge(forwarded)) {
            tally.untouched(UntouchedReason.BODY_TOO_LARGE);
            return forwarded;
        }
        BodyBufferBudget.Reservation reservation = service.bodyBudget().open();
        long declared = forwarded.getContentLengthLong();
        if (forwarded.isAsyncSupported()) {
            // A declared length takes its whole share now; a chunked body takes it as it grows (see NonBlockingBodyReader).
            if (declared > 0 && !reservation.growTo(declared)) {
                reservation.close();
                bodies.overBudgetUnread(forwarded);
                tally.untouched(UntouchedReason.OVER_BUFFER_BUDGET);
                return forwarded;
            }
            if ((declared < 0 || !bodies.arrivedWhole(forwarded, declared))
                    && NonBlockingBodyReader.start(bodies, forwarded, response, provider, mapping, model,
                    quarantined, toMerge, reservation, tally)) {
                return null;
            }
        }
        HttpServletRequest withBody;
        try {
            withBody = bodies.read(forwarded, provider, mapping, model, quarantined, toMerge, reservation, tally);
        } catch (RuntimeException | Error e) {
            reservation.close();
            throw e;
        }
        if (withBody instanceof BufferedBodyRequest buffered) {
            buffered.holding(reservation);
        } else {
            reservation.close();
        }
        return withBody;
    }

    /** Whether the header lines hold more than {@code maxBetas} betas, counted without allocating. */
    private boolean tooManyHeaderBetas(List<String> lines) {
        int max = settings.maxBetas();
        // n betas take at least 2n - 1 characters: short lines need no counting (the usual case).
        long atMost = 0;
        for (String line : lines) {
            atMost += (line.length() + 1) / 2;
        }
        if (atMost <= max) {
            return false;
        }
        int count = 0;
        for (String line : lines) {
            count += BetaRules.countItems(line, max - count);
            if (count > max) {
                break;
            }
        }
        return count > max;
    }

    /** Such a header is forwarded as it is, its betas not rewritten, with a rate-limited warning. */
    private void warnTooManyHeaderBetas(HttpServletRequest http, int max) {
        limitWarnings.warn(FilterSettings.MAX_BETAS + " in a header", () -> RequestLabel.of(http)
                + ": its " + HEADER + " header has more than [" + FilterSettings.MAX_BETAS + "] (" + max + ") betas, "
                + "so it is forwarded as it is and its betas are not rewritten");
    }

    /**
     * True on an async dispatch of a request this filter has already wrapped (an app that passed the wrapped request
     * to {@code startAsync}, or the filter's own non-blocking body read): its betas are the provider's already.
     */
    private static boolean isRewrittenAlready(HttpServletRequest http) {
        if (http.getDispatcherType() != DispatcherType.ASYNC) {
            return false;
        }
        ServletRequest r = http;
        while (r instanceof ServletRequestWrapper) {
            if (r instanceof BetaHeaderRequest || r instanceof BufferedBodyRequest) {
                return true;
            }
            r = ((ServletRequestWrapper) r).getRequest();
        }
        return false;
    }

    private String providerOf(HttpServletRequest request) {
        Object override = request.getAttribute(PROVIDER_ATTRIBUTE);
        if (override instanceof String && !((String) override).isBlank()) {
            return ((String) override).trim();
        }
        return settings.resolver().providerFor(pathOf(request));
    }

    /** The path inside the context: servlet path and path info, decoded. */
    private static String pathOf(HttpServletRequest request) {
        String servletPath = request.getServletPath();
        String pathInfo = request.getPathInfo();
        return pathInfo == null ? servletPath : servletPath + pathInfo;
    }

    private void warnOnce(String cause, Supplier<String> message) {
        if (warned.add(cause)) {
            LOG.log(Level.WARNING, message);
        }
    }
}
