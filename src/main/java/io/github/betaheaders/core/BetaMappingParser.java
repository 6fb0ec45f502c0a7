package io.github.betaheaders.core;

import io.github.betaheaders.core.JsonReader.Event;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads LiteLLM's mapping format into a {@link BetaMapping}, and refuses anything that would surprise at request time.
 *
 * <p>The format: one JSON object. {@code description} is ignored. Every other member whose value is an object is a
 * provider section, mapping an input beta name to the provider's name (a string) or {@code null} (unsupported). Members
 * of other shapes are ignored and reported, summarised in one line, in {@link BetaMapping#warnings()}.
 *
 * <p>The JSON is read by {@link JsonReader}: strict RFC 8259, in time linear in the size of the document, at most
 * {@link #MAX_DEPTH} objects and arrays deep. The caller bounds the size.
 *
 * <p>Refused, with a message naming the place: invalid JSON (naming the byte offset), a document that is not an
 * object, no provider section, a section value that is neither a string nor null, a beta name (on either side) that
 * is not an HTTP token (RFC 9110 {@code tchar}: ASCII letters, digits and {@code !#$%&'*+-.^_`|~}), a provider key
 * that is blank or holds anything but printable ASCII other than a comma, and a name given twice in the same object.
 */
public final class BetaMappingParser {

    /** The member LiteLLM uses for prose; never a provider. */
    public static final String DESCRIPTION = "description";

    /** How deeply objects and arrays may nest (the mapping itself needs 2; {@code description} may use more). */
    public static final int MAX_DEPTH = JsonReader.DEFAULT_MAX_DEPTH;

    /** How many ignored member names the warning line lists before "...". */
    static final int NAMES_SHOWN = 5;

    /** Longest name quoted in a message; longer ones are cut (a hostile document may hold a megabyte-long key). */
    private static final int NAME_SHOWN_CHARS = 80;

    private BetaMappingParser() {
    }

    public static BetaMapping parse(String document) throws InvalidMappingException {
        return parse(document.getBytes(StandardCharsets.UTF_8));
    }

    public static BetaMapping parse(byte[] document) throws InvalidMappingException {
        return parse(document, false);
    }

    /**
     * Reads a document in the same format that may have no section at all ({@code {}}): an overrides document
     * ({@link BetaOverrides}), checked as strictly as a mapping otherwise.
     */
    static BetaMapping parseSections(byte[] document) throws InvalidMappingException {
        return parse(document, true);
    }

    private static BetaMapping parse(byte[] document, boolean mayBeEmpty) throws InvalidMappingException {
        try {
            return parse(new JsonReader(document, MAX_DEPTH), mayBeEmpty);
        } catch (MalformedJsonException e) {
            throw new InvalidMappingException("not valid JSON: " + e.getMessage(), e);
        }
    }

    public static BetaMapping parse(InputStream document) throws InvalidMappingException {
        try {
            return parse(document.readAllBytes());
        } catch (java.io.IOException e) {
            throw new InvalidMappingException("could not read the document: " + e.getMessage(), e);
        }
    }

    private static BetaMapping parse(JsonReader reader, boolean mayBeEmpty)
            throws InvalidMappingException, MalformedJsonException {
        Event first = reader.next();
        if (first != Event.START_OBJECT) {
            throw new InvalidMappingException("the document must be a JSON object, found " + first.describe());
        }
        Map<String, ProviderTable> providers = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        List<String> ignored = new ArrayList<>(NAMES_SHOWN);
        int ignoredCount = 0;
        while (true) {
            Event event = reader.next();
            if (event == Event.END_OBJECT) {
                break;
            }
            String member = reader.string();
            if (!seen.add(member)) {
                throw new InvalidMappingException("member [" + shown(member) + "] appears twice in the document");
            }
            Event value = reader.next();
            if (DESCRIPTION.equals(member)) {
                reader.skipValue(value);
            } else if (value == Event.START_OBJECT) {
                checkProviderKey(member);
                providers.put(member, readSection(reader, member));
            } else {
                reader.skipValue(value);
                if (ignoredCount++ < NAMES_SHOWN) {
                    ignored.add(shown(member) + " (" + value.describe() + ")");
                }
            }
        }
        reader.next(); // END_DOCUMENT, or fails on trailing content
        if (providers.isEmpty() && !mayBeEmpty) {
            throw new InvalidMappingException(
                    "the document has no provider section (a member whose value is an object of beta names)");
        }
        return new BetaMapping(providers, ignoredCount == 0 ? List.of() : List.of(summary(ignoredCount, ignored)));
    }

    /** One line for all ignored members: how many, and the first few names. */
    private static String summary(int count, List<String> firstNames) {
        return count + (count == 1 ? " member ignored (not an object): [" : " members ignored (not objects): [")
                + String.join(", ", firstNames) + (count > firstNames.size() ? ", ...]" : "]");
    }

    private static ProviderTable readSection(JsonReader reader, String provider)
            throws InvalidMappingException, MalformedJsonException {
        Map<String, String> entries = new LinkedHashMap<>();
        while (true) {
            Event event = reader.next();
            if (event == Event.END_OBJECT) {
                return new ProviderTable(provider, entries);
            }
            String beta = reader.string();
            checkBetaName(beta, provider, beta, null);
            if (entries.containsKey(beta)) {
                throw new InvalidMappingException(place(provider, beta) + " appears twice in the section");
            }
            Event value = reader.next();
            if (value == Event.VALUE_NULL) {
                entries.put(beta, null);
            } else if (value == Event.VALUE_STRING) {
                String target = reader.string();
                checkBetaName(target, provider, beta, target);
                entries.put(beta, target);
            } else {
                throw new InvalidMappingException(
                        place(provider, beta) + ": the value must be a string or null, found " + value.describe());
            }
        }
    }

    /**
     * Where a name sits, as a message quotes it. Built only for a message: a reload parses a few hundred names, and
     * building this for each took more than half of the parse.
     */
    private static String place(String provider, String beta) {
        return "provider [" + shown(provider) + "], beta [" + shown(beta) + "]";
    }

    /**
     * Beta names travel in HTTP header values: each must be an RFC 9110 token.
     *
     * @param name   the name checked: {@code beta}, or the {@code target} it is renamed to
     * @param target {@code null} when the beta's own name is checked
     */
    private static void checkBetaName(String name, String provider, String beta, String target)
            throws InvalidMappingException {
        if (BetaRules.isToken(name)) {
            return; // the usual case; a token has no comma, whitespace or control character either
        }
        String place = place(provider, beta) + (target == null ? "" : ", value [" + shown(target) + "]");
        checkCommon(name, place);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!isTchar(c)) {
                throw new InvalidMappingException(place + ": a name must be an HTTP token (ASCII letters, digits and "
                        + "!#$%&'*+-.^_`|~), found " + character(name.codePointAt(i)) + " at index " + i);
            }
        }
    }

    /** Provider keys are matched against settings and shown in logs: printable ASCII, no comma. */
    private static void checkProviderKey(String key) throws InvalidMappingException {
        String place = "provider key [" + shown(key) + "]";
        checkCommon(key, place);
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c <= 0x20 || c >= 0x7F) {
                throw new InvalidMappingException(place + ": a provider key must be printable ASCII, found "
                        + character(key.codePointAt(i)) + " at index " + i);
            }
        }
    }

    private static void checkCommon(String name, String place) throws InvalidMappingException {
        if (name.isBlank()) {
            throw new InvalidMappingException(place + ": a name must not be blank");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == ',') {
                throw new InvalidMappingException(place + ": a name must not contain a comma");
            }
            if (Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c)) {
                throw new InvalidMappingException(place + ": a name must not contain whitespace or control characters");
            }
        }
    }

    static boolean isTchar(char c) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
            return true;
        }
        return c < 0x7F && "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    private static String character(int codePoint) {
        String code = String.format("U+%04X", codePoint);
        return codePoint > 0x20 && codePoint < 0x7F ? "'" + (char) codePoint + "' (" + code + ")" : code;
    }

    /**
     * A name as quoted in a message or log line: anything but printable ASCII written as {@code \}{@code uXXXX} (no
     * line breaks or terminal escapes from a document reach a log), cut after {@value #NAME_SHOWN_CHARS} characters.
     */
    static String shown(String name) {
        StringBuilder out = new StringBuilder(Math.min(name.length(), NAME_SHOWN_CHARS) + 16);
        int end = Math.min(name.length(), NAME_SHOWN_CHARS);
        for (int i = 0; i < end; i++) {
            char c = name.charAt(i);
            if (c >= 0x20 && c < 0x7F) {
                out.append(c);
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        if (name.length() > end) {
            out.append("...(").append(name.length()).append(" chars)");
        }
        return out.toString();
    }
}
