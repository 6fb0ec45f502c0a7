package io.github.betaheaders.body;

import java.util.List;

/**
 * What one pass of {@link BodyScanner} found in a body.
 *
 * @param valid           true when the bytes are one complete, well-formed JSON value (surrounded by whitespace only)
 * @param members         the {@code anthropic_beta} members in document order; empty when invalid
 * @param rootObjectStart index of the {@code '{'} of the top-level object, or -1 when the document is not an object
 * @param rootMemberCount how many members the top-level object has
 * @param model           the top-level {@code model} string when it was asked for and is there, else {@code null}
 */
record BodyScan(boolean valid, List<BetaMember> members, int rootObjectStart, int rootMemberCount, String model) {

    static final BodyScan INVALID = new BodyScan(false, List.of(), -1, 0, null);
}
