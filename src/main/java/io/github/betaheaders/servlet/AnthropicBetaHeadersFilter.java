package io.github.betaheaders.servlet;

import io.github.betaheaders.body.BodyBufferBudget;
import io.github.betaheaders.core.BetaMapping;
import io.github.betaheaders.core.BetaRewriter;
import io.github.betaheaders.core.FilterSettings;
import io.github.betaheaders.core.InvalidMappingException;
import io.github.betaheaders.core.InvalidSettingException;
import io.github.betaheaders.core.RewriteResult;
import io.github.betaheaders.core.Settings;
import io.github.betaheaders.core.SigV4Signature;
import io.github.betaheaders.load.ActiveMapping;
import io.github.betaheaders.load.LoadedMapping;
import io.github.betaheaders.load.ReloadableMapping;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Rewrites the betas of each request for the provider it goes to, so that the proxy servlet behind it forwards only
 * what that provider accepts, under the provider's names: the {@code anthropic-beta} header (here, through
 * {@link BetaHeaderRequest}) and the {@code anthropic_beta} arrays of a JSON body (through {@link RequestBodyRewriter}).
 * Owns the mapping's loading and reload schedule ({@link ReloadableMapping}), started in {@link #init} and stopped in
 * {@link #destroy}. Settings: {@link FilterSettings}.
 */
public class AnthropicBetaHeadersFilter implements Filter {

    /** The header this filter rewrites; matched in any case. */
    public static final String HEADER = "anthropic-beta";

    /**
     * Request attribute: a provider key set by code earlier in the chain; it overrides {@code provider}, {@code routes}
     * and recognition for that request.
     */
    public static final String PROVIDER_ATTRIBUTE = "anthropicBetaHeaders.provider";

    /**
     * Servlet context attribute under which the filter publishes its {@link ReloadableMapping} (loader and reload
     * schedule) for the admin servlet.
     */
    public static final String RELOADABLE_MAPPING_ATTRIBUTE = ReloadableMapping.class.getName();

    /**
     * Servlet context attribute under which the filter publishes its {@link BodyBufferBudget} (bytes of bodies held
     * now, the peak, refusals), for monitoring and tests.
     */
    public static final String BODY_BUFFER_BUDGET_ATTRIBUTE = BodyBufferBudget.class.getName();

    private static final System.Logger LOG = System.getLogger(AnthropicBetaHeadersFilter.class.getName());

    private FilterSettings settings;
    private BodyBufferBudget budget;
    private final CauseWarnings limitWarnings = new CauseWarnings(LOG);
    private BetaRewriter rewriter;
    private ActiveMapping activeMapping;
    private ReloadableMapping reloadableMapping;
    private ServletContext servletContext;
    private RequestBodyRewriter bodies;

    private static final String AUTHORIZATION = "Authorization";
    private static final String BEDROCK = "bedrock";
    private static final String SIGNED_HEADER = "signed-header";
    private static final String SIGNED_BODY = "signed-body";
    private static final String SIGN_AT_THE_GATEWAY = "To have betas rewritten for such requests, the gateway, not the "
            + "client, has to sign them (after this filter). Logged once per filter.";

    /** Causes already warned about, so that each is logged once per filter instance. */
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    @Override
    public void init(FilterConfig config) throws ServletException {
        String component = "filter [" + config.getFilterName() + "]";
        try {
            Settings sources = new Settings(component, Collections.list(config.getInitParameterNames()),
                    config::getInitParameter, System.getProperties(), System.getenv(), FilterSettings.NAMES,
                    FilterSettings.ALL_NAMES, FilterSettings.LITELLM_ALIASES);
            settings = new FilterSettings(sources);
            sources.logSources();
            AnthropicBetaHeadersAdminServlet.checkDeclaredSettings(config.getServletContext());
        } catch (InvalidSettingException e) {
            LOG.log(Level.ERROR, e.getMessage());
            throw new ServletException(e.getMessage(), e);
        }
        rewriter = new BetaRewriter(settings.forwardUnknownBetas());
        budget = new BodyBufferBudget(settings.maxBufferedBytes());
        bodies = new RequestBodyRewriter(settings.maxBodyBytes(), settings.maxBetas(), rewriter, budget, limitWarnings);
        config.getServletContext().setAttribute(BODY_BUFFER_BUDGET_ATTRIBUTE, budget);
        try {
            reloadableMapping = ReloadableMapping.start(settings);
        } catch (InvalidMappingException e) {
            String message = component + ": invalid value [" + settings.configFile() + "] for setting ["
                    + FilterSettings.CONFIG_FILE + "]: " + e.getMessage();
            LOG.log(Level.ERROR, message);
            throw new ServletException(message, e);
        }
        activeMapping = reloadableMapping.active();
        LoadedMapping initial = activeMapping.current();
        warnAboutUnknownProviders(component, initial);
        config.getServletContext().setAttribute(RELOADABLE_MAPPING_ATTRIBUTE, reloadableMapping);
        servletContext = config.getServletContext();
        LOG.log(Level.INFO, () -> component + ": rewriting anthropic-beta with the mapping from " + initial.source()
                + " (" + initial.mapping().providerCount() + " providers), provider=" + settings.provider()
                + (settings.routes() == null ? "" : ", routes=" + settings.routes().routes()));
    }

    private void warnAboutUnknownProviders(String component, LoadedMapping loaded) {
        for (String provider : settings.namedProviders()) {
            if (loaded.mapping().provider(provider) == null && !settings.forwardUnknownBetas().contains(provider)) {
                LOG.log(Level.WARNING, component + ": provider [" + provider + "] has no section in the mapping from "
                        + loaded.source() + " (sections: " + loaded.mapping().providerKeys()
                        + "); every beta sent to it will be dropped. A typo?");
            }
        }
        loaded.mapping().warnings().forEach(w -> LOG.log(Level.WARNING, component + ": mapping from "
                + loaded.source() + ": " + w));
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest)) {
            chain.doFilter(request, response);
            return;
        }
        HttpServletRequest http = (HttpServletRequest) request;
        String firstLine = http.getHeader(HEADER);
        boolean jsonBody = bodies.applies(http);
        if ((firstLine == null && !jsonBody) || isRewrittenAlready(http)) {
            chain.doFilter(request, response);
            return;
        }
        String provider = providerOf(http);
        if (provider == null) {
            chain.doFilter(request, response);
            return;
        }
        BetaMapping mapping = activeMapping.current().mapping();
        RewriteResult result = null;
        List<String> headerBetas = List.of();
        boolean headerChanges = false;
        if (firstLine != null) {
            Enumeration<String> lines = http.getHeaders(HEADER);
            String first = lines.nextElement();
            boolean singleLine = !lines.hasMoreElements();
            List<String> all = singleLine ? null : allLines(first, lines);
            if (!(singleLine ? tooManyHeaderBetas(http, first) : tooManyHeaderBetas(http, all))) {
                result = singleLine ? rewriter.rewrite(mapping, provider, first) : rewriter.rewrite(mapping, provider, all);
                logResult(http, provider, result);
                headerBetas = result.betas();
                headerChanges = !(singleLine && first.equals(result.headerValue()));
            }
        }
        // Only a request the filter is about to change needs to know whether the client signed it.
        SigV4Signature signature = headerChanges || jsonBody
                ? SigV4Signature.of(http.getHeader(AUTHORIZATION), http.getQueryString()) : null;
        HttpServletRequest forwarded = http;
        if (headerChanges) {
            if (signature != null && signature.signs(HEADER)) {
                warnOnce(SIGNED_HEADER, () -> RequestBodyRewriter.describe(http) + " is signed by the client with "
                        + "AWS SigV4 and its SignedHeaders include " + HEADER + ": the header is forwarded "
                        + "unchanged, since changing it breaks the signature. " + SIGN_AT_THE_GATEWAY);
            } else {
                forwarded = new BetaHeaderRequest(http, result.headerValue());
            }
        }
        if (jsonBody) {
            if (signature != null) {
                warnOnce(SIGNED_BODY, () -> RequestBodyRewriter.describe(http) + " is signed by the client with AWS "
                        + "SigV4, which covers the body: the body is forwarded unchanged and its anthropic_beta is not "
                        + "rewritten. " + SIGN_AT_THE_GATEWAY);
            } else {
                boolean merge = settings.bedrockHeaderBetasToBody() && BEDROCK.equals(provider);
                List<String> toMerge = merge ? headerBetas : List.of();
                if (!bodies.declaredTooLarge(http)) {
                    readBodyAndContinue(http, forwarded, response, chain, provider, mapping, toMerge);
                    return;
                }
            }
        }
        chain.doFilter(forwarded == http ? request : forwarded, response);
    }

    /**
     * Reads the body, rewrites it and continues the chain; the body's buffer counts against {@code maxBufferedBytes}
     * until the request ends. Without blocking ({@link NonBlockingBodyReader}) where the request allows async, so that
     * a slow body holds no thread; with blocking reads otherwise.
     */
    private void readBodyAndContinue(HttpServletRequest http, HttpServletRequest forwarded, ServletResponse response,
                                     FilterChain chain, String provider, BetaMapping mapping, List<String> toMerge)
            throws IOException, ServletException {
        BodyBufferBudget.Reservation reservation = budget.open();
        long declared = http.getContentLengthLong();
        if (declared > 0 && http.isAsyncSupported()) {
            if (!reservation.growTo(declared)) {
                reservation.close();
                bodies.overBudgetUnread(http);
                chain.doFilter(forwarded, response);
                return;
            }
            if (NonBlockingBodyReader.start(bodies, http, forwarded, response, provider, mapping, toMerge,
                    reservation)) {
                return;
            }
        }
        HttpServletRequest withBody;
        try {
            withBody = bodies.rewrite(http, forwarded, provider, mapping, toMerge, reservation);
        } catch (RuntimeException | Error e) {
            reservation.close();
            throw e;
        }
        if (!(withBody instanceof BufferedBodyRequest buffered)) {
            reservation.close();
            chain.doFilter(withBody, response);
            return;
        }
        buffered.holding(reservation);
        try {
            chain.doFilter(buffered, response);
        } finally {
            buffered.requestDone(http);
        }
    }

    /**
     * Whether the header lines hold more than {@code maxBetas} betas: then the header is forwarded as it is, its
     * betas not rewritten, with a rate-limited warning. Counted without allocating.
     */
    private boolean tooManyHeaderBetas(HttpServletRequest http, String line) {
        int max = settings.maxBetas();
        // n betas take at least 2n - 1 characters: a short line needs no counting (the usual case).
        if ((line.length() + 1) / 2 <= max || BetaRewriter.countItems(line, max) <= max) {
            return false;
        }
        warnTooManyHeaderBetas(http, max);
        return true;
    }

    private boolean tooManyHeaderBetas(HttpServletRequest http, List<String> lines) {
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
            count += BetaRewriter.countItems(line, max - count);
            if (count > max) {
                break;
            }
        }
        if (count <= max) {
            return false;
        }
        warnTooManyHeaderBetas(http, max);
        return true;
    }

    private void warnTooManyHeaderBetas(HttpServletRequest http, int max) {
        limitWarnings.warn(FilterSettings.MAX_BETAS + " in a header", () -> RequestBodyRewriter.describe(http)
                + ": its " + HEADER + " header has more than [" + FilterSettings.MAX_BETAS + "] (" + max + ") betas, "
                + "so it is forwarded as it is and its betas are not rewritten");
    }

    /** Counts of the rate-limited warnings about limits (for tests). */
    CauseWarnings limitWarnings() {
        return limitWarnings;
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
     * True on an async dispatch of a request this filter has already wrapped (an app that passed the wrapped request
     * to {@code startAsync}): its betas are the provider's already, and the rules are not meant to run on their output.
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
        String servletPath = request.getServletPath();
        String pathInfo = request.getPathInfo();
        String path = pathInfo == null ? servletPath : servletPath + pathInfo;
        return settings.resolver().providerFor(path);
    }

    private static void logResult(HttpServletRequest request, String provider, RewriteResult result) {
        if (result.changedAnything() && LOG.isLoggable(Level.DEBUG)) {
            LOG.log(Level.DEBUG, "anthropic-beta for provider [" + provider + "] on " + request.getMethod() + " "
                    + request.getRequestURI() + ": dropped " + result.dropped() + ", renamed " + result.renamed()
                    + ", forwarding " + result.betas());
        }
    }

    private void warnOnce(String cause, Supplier<String> message) {
        if (warned.add(cause)) {
            LOG.log(Level.WARNING, message);
        }
    }

    @Override
    public void destroy() {
        if (servletContext != null) {
            servletContext.removeAttribute(RELOADABLE_MAPPING_ATTRIBUTE);
            servletContext.removeAttribute(BODY_BUFFER_BUDGET_ATTRIBUTE);
        }
        if (reloadableMapping != null) {
            reloadableMapping.close();
        }
    }

    /** The settings in force, for subclasses and tests. */
    protected FilterSettings settings() {
        return settings;
    }
}
