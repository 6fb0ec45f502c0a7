package io.github.betaheaders.body;

import java.util.List;

/**
 * One {@code anthropic_beta} member found in a JSON body: where its bytes are and what it holds. Offsets are byte
 * indexes into the scanned buffer; an end is exclusive.
 *
 * @param place         where in the document the member is
 * @param objectStart   index of the {@code '{'} of the object holding the member (tells duplicates apart by object)
 * @param indexInObject the member's position among all members of that object, from 0
 * @param keyStart      index of the opening quote of the member's key
 * @param valueStart    index of the first byte of the value
 * @param valueEnd      index just after the last byte of the value
 * @param commaBefore   index of the comma separating the member from the previous one, or -1 when it is the first
 * @param nextKeyStart  index of the opening quote of the next member's key, or -1 when it is the last
 * @param items         the array's strings, unescaped, in order; {@code null} when the value is not an array of strings,
 *                      or has more items than the scan decodes
 * @param itemCount     the number of items of the array (strings or not); 0 when the value is not an array
 */
record BetaMember(Place place, int objectStart, int indexInObject, int keyStart, int valueStart, int valueEnd,
                  int commaBefore, int nextKeyStart, List<String> items, int itemCount) {

    /** The two places where a provider reads betas from a body. */
    enum Place {
        /** The top-level {@code anthropic_beta} member (Bedrock InvokeModel). */
        TOP_LEVEL,
        /** {@code anthropic_beta} inside the top-level {@code additionalModelRequestFields} object (Bedrock Converse). */
        CONVERSE
    }

    /** True when the value is an array whose elements are all strings. */
    boolean isArrayOfStrings() {
        return items != null;
    }
}
