package io.github.betaheaders.servlet;

import io.github.betaheaders.core.ModelQuarantine;
import io.github.betaheaders.core.QuarantinedBetas;
import io.github.betaheaders.learn.Quarantine;

/**
 * One request's view of the quarantine ({@code learnFromRejections}): the betas quarantined for its provider and the
 * model asked for. The model last asked for is the one the answer's verdict is given for ({@link AnswerWatch#model}),
 * so that a refusal quarantines, and a success vouches for, the betas of the model whose betas were dropped: the
 * path's, or the body's once the body has been read.
 */
final class RequestQuarantine implements ModelQuarantine {

    private final Quarantine quarantine;
    private final String provider;
    private final AnswerWatch watch;

    /** @param watch the request's answer watch, or {@code null} when the answer is not watched */
    RequestQuarantine(Quarantine quarantine, String provider, AnswerWatch watch) {
        this.quarantine = quarantine;
        this.provider = provider;
        this.watch = watch;
    }

    @Override
    public QuarantinedBetas betasFor(String model) {
        if (watch != null) {
            watch.model(model);
        }
        return quarantine.betasFor(provider, model);
    }
}
