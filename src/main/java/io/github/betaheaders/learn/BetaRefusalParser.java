package io.github.betaheaders.learn;

import io.github.betaheaders.core.BetaRules;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Recognises a refusal of betas in the first bytes of a 400 answer ({@link #MAX_BYTES} at most), by the text the
 * providers write, not by a JSON shape: gateways and SDKs wrap the provider's answer in their own JSON, often as an
 * escaped string, and the copy may be cut short. Two kinds:
 * <ul>
 *   <li>named: {@code Unexpected value(s) `a`, `b` for the `anthropic-beta` header} (the Anthropic API, Vertex AI,
 *       and gateways in front of them). Every backticked name between the two is taken that is an HTTP token of at
 *       most {@link #MAX_NAME_LENGTH} characters, at most {@link #MAX_NAMES} of them; the text must reach the end
 *       of the sentence, so an answer cut inside the list is not taken as naming only its first betas;</li>
 *   <li>unnamed: {@code invalid beta flag}, in any case (Amazon Bedrock's {@code ValidationException}, as it comes and
 *       as clients re-wrap it).</li>
 * </ul>
 * Anything else, including bytes that are not text, is no refusal. Never throws on any input.
 */
public final class BetaRefusalParser {

    /** The most bytes of an answer looked at. */
    public static final int MAX_BYTES = 8 * 1024;
    static final int MAX_NAME_LENGTH = 128;
    static final int MAX_NAMES = 64;
    /** The most characters of evidence kept. */
    static final int MAX_EVIDENCE = 300;

    private static final String NAMED_START = "Unexpected value";
    private static final String NAMED_END = "for the `anthropic-beta` header";
    private static final String UNNAMED = "invalid beta flag";

    private BetaRefusalParser() {
    }

    /** The refusal in {@code bytes[0, length)}, or {@code null} when the text shows none. */
    public static BetaRefusal parse(byte[] bytes, int length) {
        int n = Math.max(0, Math.min(Math.min(length, bytes.length), MAX_BYTES));
        String text = new String(bytes, 0, n, StandardCharsets.UTF_8);
        int end = text.indexOf(NAMED_END);
        if (end >= 0) {
            int start = text.lastIndexOf(NAMED_START, end);
            if (start >= 0) {
                List<String> names = backticked(text, start + NAMED_START.length(), end);
                if (!names.isEmpty()) {
                    return new BetaRefusal(names, evidence(text, start));
                }
            }
        }
        int flag = indexOfIgnoringCase(text, UNNAMED);
        if (flag >= 0) {
            return new BetaRefusal(List.of(), evidence(text, Math.max(0, flag - 60)));
        }
        return null;
    }

    private static int indexOfIgnoringCase(String text, String ascii) {
        for (int i = 0, last = text.length() - ascii.length(); i <= last; i++) {
            if (text.regionMatches(true, i, ascii, 0, ascii.length())) {
                return i;
            }
        }
        return -1;
    }

    /** The names between pairs of backticks in {@code text[from, to)} that are HTTP tokens. */
    private static List<String> backticked(String text, int from, int to) {
        List<String> out = new ArrayList<>();
        int at = text.indexOf('`', from);
        while (at >= 0 && at < to && out.size() < MAX_NAMES) {
            int close = text.indexOf('`', at + 1);
            if (close < 0 || close >= to) {
                break;
            }
            String name = text.substring(at + 1, close);
            if (name.length() <= MAX_NAME_LENGTH && BetaRules.isToken(name) && !out.contains(name)) {
                out.add(name);
            }
            at = text.indexOf('`', close + 1);
        }
        return out;
    }

    /**
     * {@link #MAX_EVIDENCE} characters of {@code text} from {@code from} (the sentence that shows the refusal, and
     * what follows it), control characters (and the replacement character of bytes that were not UTF-8) shown as a
     * space.
     */
    static String evidence(String text, int from) {
        int end = Math.min(text.length(), from + MAX_EVIDENCE);
        StringBuilder out = new StringBuilder(Math.max(0, end - from));
        for (int i = from; i < end; i++) {
            char c = text.charAt(i);
            out.append(Character.isISOControl(c) || c == '\uFFFD' ? ' ' : c);
        }
        return out.toString().strip();
    }
}
