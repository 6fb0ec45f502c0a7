package io.github.betaheaders.load;

/** What a successful fetch brought: a new document, or word that the last one is still current (HTTP 304). */
public sealed interface FetchOutcome {

    /** HTTP 200: the document's bytes, and the validators for the next conditional fetch. */
    record Fetched(byte[] document, FetchValidators validators) implements FetchOutcome {
    }

    /** HTTP 304 to a conditional request: the document fetched last is still current. */
    record NotModified() implements FetchOutcome {
    }
}
