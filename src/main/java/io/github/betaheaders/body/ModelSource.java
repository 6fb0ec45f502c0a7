package io.github.betaheaders.body;

/**
 * Where the model of a request comes from for the model rules of the overrides: the model its path names (Bedrock,
 * Vertex AI), or the body's top-level {@code model} (the Anthropic API, Foundry), or nowhere: {@link #NONE} when the
 * provider has no model rule, so that nothing more is looked for.
 *
 * @param pathModel the model the path names, or {@code null}
 * @param fromBody  whether to take the body's top-level {@code model} (only when the path names none)
 */
public record ModelSource(String pathModel, boolean fromBody) {

    /** No model rule applies: the provider's section. */
    public static final ModelSource NONE = new ModelSource(null, false);

    /** The model named by the path, or, when it names none, the body's. */
    public static ModelSource of(String pathModel) {
        return new ModelSource(pathModel, pathModel == null);
    }
}
