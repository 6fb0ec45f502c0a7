package io.github.betaheaders.core;

import jakarta.json.Json;
import jakarta.json.stream.JsonLocation;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import jakarta.json.stream.JsonParsingException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads LiteLLM's mapping format into a {@link BetaMapping}, and refuses anything that would surprise at request time.
 *
 * <p>The format: one JSON object. {@code description} is ignored. Every other member whose value is an object is a
 * provider section, mapping an input beta name to the provider's name (a string) or {@code null} (unsupported). Members
 * of other shapes are ignored and reported in {@link BetaMapping#warnings()}.
 *
 * <p>Refused, with a message naming the place: invalid JSON, a document that is not an object, no provider section, a
 * section value that is neither a string nor null, a blank name or one holding a comma or whitespace, and a name given
 * twice in the same object.
 */
public final class BetaMappingParser {

    /** The member LiteLLM uses for prose; never a provider. */
    public static final String DESCRIPTION = "description";

    /**
     * Looked up once: {@code Json.createParser} looks the JSON-P provider up through the service loader on every call.
     * A parser factory is safe for use by concurrent threads and holds no state of its own.
     */
    private static final JsonParserFactory PARSERS = Json.createParserFactory(Map.of());

    private BetaMappingParser() {
    }

    public static BetaMapping parse(String document) throws InvalidMappingException {
        return parse(document.getBytes(StandardCharsets.UTF_8));
    }

    public static BetaMapping parse(byte[] document) throws InvalidMappingException {
        try (JsonParser parser = PARSERS.createParser(new ByteArrayInputStream(document))) {
            return parse(parser);
        } catch (JsonParsingException e) {
            throw new InvalidMappingException("not valid JSON: " + e.getMessage() + where(e.getLocation()), e);
        } catch (jakarta.json.JsonException e) {
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

    private static BetaMapping parse(JsonParser parser) throws InvalidMappingException {
        if (!parser.hasNext()) {
            throw new InvalidMappingException("the document is empty; expected a JSON object");
        }
        JsonParser.Event first = parser.next();
        if (first != JsonParser.Event.START_OBJECT) {
            throw new InvalidMappingException("the document must be a JSON object, found " + describe(first));
        }
        Map<String, ProviderTable> providers = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        while (true) {
            JsonParser.Event event = parser.next();
            if (event == JsonParser.Event.END_OBJECT) {
                break;
            }
            String member = parser.getString();
            if (seen.contains(member)) {
                throw new InvalidMappingException("member [" + member + "] appears twice in the document");
            }
            seen.add(member);
            JsonParser.Event value = parser.next();
            if (DESCRIPTION.equals(member)) {
                skip(parser, value);
            } else if (value == JsonParser.Event.START_OBJECT) {
                checkName(member, "provider key [" + member + "]");
                providers.put(member, readSection(parser, member));
            } else {
                skip(parser, value);
                warnings.add("member [" + member + "] is " + describe(value) + ", not an object: ignored");
            }
        }
        if (parser.hasNext()) {
            throw new InvalidMappingException("unexpected content after the top-level object");
        }
        if (providers.isEmpty()) {
            throw new InvalidMappingException(
                    "the document has no provider section (a member whose value is an object of beta names)");
        }
        return new BetaMapping(providers, warnings);
    }

    private static ProviderTable readSection(JsonParser parser, String provider) throws InvalidMappingException {
        Map<String, String> entries = new LinkedHashMap<>();
        while (true) {
            JsonParser.Event event = parser.next();
            if (event == JsonParser.Event.END_OBJECT) {
                return new ProviderTable(provider, entries);
            }
            String beta = parser.getString();
            String place = "provider [" + provider + "], beta [" + beta + "]";
            checkName(beta, place);
            if (entries.containsKey(beta)) {
                throw new InvalidMappingException(place + " appears twice in the section");
            }
            JsonParser.Event value = parser.next();
            if (value == JsonParser.Event.VALUE_NULL) {
                entries.put(beta, null);
            } else if (value == JsonParser.Event.VALUE_STRING) {
                String target = parser.getString();
                checkName(target, place + ", value [" + target + "]");
                entries.put(beta, target);
            } else {
                throw new InvalidMappingException(
                        place + ": the value must be a string or null, found " + describe(value));
            }
        }
    }

    private static void checkName(String name, String place) throws InvalidMappingException {
        if (name.isBlank()) {
            throw new InvalidMappingException(place + ": a name must not be blank");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == ',') {
                throw new InvalidMappingException(place + ": a name must not contain a comma");
            }
            if (Character.isWhitespace(c) || Character.isISOControl(c)) {
                throw new InvalidMappingException(place + ": a name must not contain whitespace or control characters");
            }
        }
    }

    private static void skip(JsonParser parser, JsonParser.Event value) {
        if (value == JsonParser.Event.START_OBJECT) {
            parser.skipObject();
        } else if (value == JsonParser.Event.START_ARRAY) {
            parser.skipArray();
        }
    }

    private static String describe(JsonParser.Event event) {
        switch (event) {
            case START_OBJECT: return "an object";
            case START_ARRAY: return "an array";
            case VALUE_STRING: return "a string";
            case VALUE_NUMBER: return "a number";
            case VALUE_TRUE: case VALUE_FALSE: return "a boolean";
            case VALUE_NULL: return "null";
            default: return event.name();
        }
    }

    private static String where(JsonLocation location) {
        return location == null ? "" : " (line " + location.getLineNumber() + ", column " + location.getColumnNumber() + ")";
    }
}
