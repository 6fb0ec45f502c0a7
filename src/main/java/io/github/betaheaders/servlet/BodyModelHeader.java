package io.github.betaheaders.servlet;

import io.github.betaheaders.core.BetaMapping;
import io.github.betaheaders.core.BetaRules;
import io.github.betaheaders.core.EchoedInput;
import io.github.betaheaders.core.RewriteResult;
import io.github.betaheaders.metrics.RequestTally;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.System.Logger.Level;
import java.util.List;

/**
 * The {@code anthropic-beta} header of a request whose model is named only in its JSON body (the Anthropic API,
 * Foundry), to a provider that some model rule of the overrides names. The filter forwards the header rewritten by
 * the provider's own section at first; once the body has been read, its top-level {@code model} may match a model rule,
 * and then the header follows that rule as the body's arrays do ({@link BetaHeaderRequest#bodyModel}). A body that is
 * not read (too large, over the budget, unreadable, not JSON) leaves the header as the provider's section made it.
 *
 * <p>Only made when a model rule exists for the provider, so other requests cost nothing more.
 */
final class BodyModelHeader {

    private static final System.Logger LOG = System.getLogger(BodyModelHeader.class.getName());

    private final BetaRules rules;
    private final BetaMapping mapping;
    private final String provider;
    private final List<String> lines;
    private final RequestTally tally;

    BodyModelHeader(BetaRules rules, BetaMapping mapping, String provider, List<String> lines, RequestTally tally) {
        this.rules = rules;
        this.mapping = mapping;
        this.provider = provider;
        this.lines = lines;
        this.tally = tally;
    }

    /** The request to forward meanwhile: the header as the provider's section rewrites it, to be rewritten again. */
    HttpServletRequest request(HttpServletRequest http, RewriteResult header, boolean changes) {
        tally.header(header);
        if (changes) {
            tally.changed();
        }
        return new BetaHeaderRequest(http, changes ? header.headerValue() : lines.get(0), this);
    }

    /** The header value for the body's {@code model}; {@code current} when no model rule matches it. */
    String headerFor(String model, String current) {
        if (mapping.tableFor(provider, model) == mapping.tableFor(provider, null)) {
            return current;
        }
        RewriteResult result = lines.size() == 1 ? rules.rewrite(mapping, provider, model, lines.get(0))
                : rules.rewrite(mapping, provider, model, lines);
        tally.header(result);
        if (result.changedAnything()) {
            tally.changed();
        }
        LOG.log(Level.DEBUG, () -> "anthropic-beta for provider [" + provider + "] and the body's model ["
                + EchoedInput.of(model) + "] (rule [" + mapping.tableFor(provider, model).scope() + "]): dropped "
                + result.dropped() + ", renamed " + result.renamed() + ", forwarding " + result.betas());
        return result.headerValue();
    }
}
