package io.github.betaheaders.servlet;

import io.github.betaheaders.core.BetaMapping;
import io.github.betaheaders.core.BetaRules;
import io.github.betaheaders.core.EchoedInput;
import io.github.betaheaders.core.ModelQuarantine;
import io.github.betaheaders.core.QuarantinedBetas;
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
 * The same goes for the betas quarantined for the body's model ({@code learnFromRejections}): the header drops those,
 * not the ones quarantined for requests naming no model.
 *
 * <p>Only made when a model rule or a quarantine exists for the provider, so other requests cost nothing more.
 */
final class BodyModelHeader {

    private static final System.Logger LOG = System.getLogger(BodyModelHeader.class.getName());

    private final BetaRules rules;
    private final BetaMapping mapping;
    private final String provider;
    private final List<String> lines;
    private final ModelQuarantine quarantine;
    private final QuarantinedBetas quarantinedSoFar;
    private final RequestTally tally;

    /**
     * @param quarantine       the betas quarantined for the provider, by model ({@link ModelQuarantine#NONE}: none)
     * @param quarantinedSoFar those the header forwarded meanwhile was rewritten without
     */
    BodyModelHeader(BetaRules rules, BetaMapping mapping, String provider, List<String> lines,
                    ModelQuarantine quarantine, QuarantinedBetas quarantinedSoFar, RequestTally tally) {
        this.rules = rules;
        this.mapping = mapping;
        this.provider = provider;
        this.lines = lines;
        this.quarantine = quarantine;
        this.quarantinedSoFar = quarantinedSoFar;
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

    /**
     * The header value for the body's {@code model}; {@code current} when no model rule matches it and the same betas
     * are quarantined for it.
     */
    String headerFor(String model, String current) {
        QuarantinedBetas quarantined = quarantine.betasFor(model);
        if (mapping.tableFor(provider, model) == mapping.tableFor(provider, null)
                && quarantined.betas().equals(quarantinedSoFar.betas())) {
            return current;
        }
        RewriteResult result = quarantined.applyTo(lines.size() == 1
                ? rules.rewrite(mapping, provider, model, lines.get(0))
                : rules.rewrite(mapping, provider, model, lines));
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
