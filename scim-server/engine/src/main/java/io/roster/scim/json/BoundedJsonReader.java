package io.roster.scim.json;

import io.roster.scim.error.Details;
import io.roster.scim.error.ScimException;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonLocation;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParsingException;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Supplier;

/**
 * Reads one JSON value from client input, refusing what would cost far more to hold or use than it
 * costs to send, before it is built:
 * <ul>
 *   <li>nesting deeper than {@link #MAX_DEPTH} levels (400 invalidSyntax): no SCIM body is more than a
 *   few levels deep, and every consumer of the tree recurses over it;</li>
 *   <li>a number whose plain expansion would exceed {@link #MAX_NUMBER_DIGITS} digits before or after
 *   the decimal point (400 invalidValue). The parser keeps {@code 1e64000000} as an unscaled 1 and a
 *   scale, so precision and scale are known at no cost; expanding it (an integer conversion, a
 *   string coercion, an error quoting it) would take seconds of CPU or megabytes of memory.</li>
 * </ul>
 * The tree is built from parser events with the provider's own builders, so what is accepted is
 * exactly what {@code JsonReader} would have produced (a repeated member keeps its last value).
 */
public final class BoundedJsonReader {
    /** Deepest nesting of objects and arrays accepted in a request body. */
    public static final int MAX_DEPTH = 64;
    /** Most digits a number may have before, and after, the decimal point once written out. */
    public static final int MAX_NUMBER_DIGITS = 1000;

    private BoundedJsonReader() {
    }

    public static JsonValue read(InputStream in) {
        return read(() -> JsonSupport.PROVIDER.createParser(in));
    }

    public static JsonValue read(Reader in) {
        return read(() -> JsonSupport.PROVIDER.createParser(in));
    }

    private static JsonValue read(Supplier<JsonParser> parsers) {
        JsonParser parser;
        try {
            parser = parsers.get(); // detects the encoding, so it reads: an empty body fails here
        } catch (JsonException e) {
            throw ScimException.invalidSyntax("The request body is empty or not JSON text; send a JSON object.");
        }
        try (parser) {
            return read(parser);
        }
    }

    private static JsonValue read(JsonParser parser) {
        try {
            if (!parser.hasNext()) {
                throw ScimException.invalidSyntax("The request body is empty; send a JSON object.");
            }
            JsonValue value = value(parser, parser.next());
            if (parser.hasNext()) {
                parser.next(); // reports what follows the value as a parsing error
                throw ScimException.invalidSyntax("The request body holds more than one JSON value.");
            }
            return value;
        } catch (ScimException e) {
            throw e;
        } catch (JsonParsingException e) {
            throw ScimException.invalidSyntax("The request body is not valid JSON" + where(e.getLocation()) + ": "
                    + Details.excerpt(e.getMessage()));
        } catch (JsonException e) {
            throw ScimException.invalidSyntax("The request body is not valid JSON: " + Details.excerpt(e.getMessage()));
        } catch (RuntimeException e) {
            // The provider's own guards (Parsson's nesting and number-length limits) throw plain runtime
            // exceptions; their messages are not for clients.
            throw ScimException.invalidSyntax("The request body could not be read as JSON" + where(safeLocation(parser)) + ".");
        }
    }

    /** Builds the value that starts with {@code first}, iteratively, so depth costs no stack. */
    private static JsonValue value(JsonParser parser, JsonParser.Event first) {
        if (first != JsonParser.Event.START_OBJECT && first != JsonParser.Event.START_ARRAY) {
            return scalar(parser, first);
        }
        Deque<Object> builders = new ArrayDeque<>();
        Deque<String> keys = new ArrayDeque<>();
        builders.push(open(first, parser, 1));
        String key = null;
        while (true) {
            JsonParser.Event e = parser.next();
            switch (e) {
                case KEY_NAME -> key = parser.getString();
                case START_OBJECT, START_ARRAY -> {
                    keys.push(key == null ? "" : key);
                    key = null;
                    builders.push(open(e, parser, builders.size() + 1));
                }
                case END_OBJECT, END_ARRAY -> {
                    Object done = builders.pop();
                    JsonValue built = done instanceof JsonObjectBuilder o ? o.build() : ((JsonArrayBuilder) done).build();
                    if (builders.isEmpty()) {
                        return built;
                    }
                    add(builders.peek(), keys.pop(), built);
                }
                default -> {
                    add(builders.peek(), key, scalar(parser, e));
                    key = null;
                }
            }
        }
    }

    private static Object open(JsonParser.Event e, JsonParser parser, int depth) {
        if (depth > MAX_DEPTH) {
            throw ScimException.invalidSyntax("The request body nests objects and arrays more than " + MAX_DEPTH
                    + " levels deep" + where(parser.getLocation()) + "; SCIM bodies need only a few levels.");
        }
        return e == JsonParser.Event.START_OBJECT ? JsonSupport.object() : JsonSupport.array();
    }

    private static void add(Object builder, String key, JsonValue value) {
        if (builder instanceof JsonObjectBuilder o) {
            o.add(key, value);
        } else {
            ((JsonArrayBuilder) builder).add(value);
        }
    }

    private static JsonValue scalar(JsonParser parser, JsonParser.Event e) {
        return switch (e) {
            case VALUE_STRING -> JsonSupport.string(parser.getString());
            case VALUE_NUMBER -> number(parser);
            case VALUE_TRUE -> JsonValue.TRUE;
            case VALUE_FALSE -> JsonValue.FALSE;
            case VALUE_NULL -> JsonValue.NULL;
            default -> throw ScimException.invalidSyntax("The request body is not valid JSON" + where(parser.getLocation()) + ".");
        };
    }

    private static JsonValue number(JsonParser parser) {
        BigDecimal n;
        try {
            n = parser.getBigDecimal();
        } catch (RuntimeException e) {
            throw tooBig(parser); // Parsson refuses number literals longer than 1100 characters
        }
        if (!reasonable(n)) {
            throw tooBig(parser);
        }
        return JsonSupport.number(n);
    }

    /** Digits before the point are precision - scale, after it scale; neither may be huge. */
    static boolean reasonable(BigDecimal n) {
        long scale = n.scale();
        return scale <= MAX_NUMBER_DIGITS && n.precision() - scale <= MAX_NUMBER_DIGITS;
    }

    private static ScimException tooBig(JsonParser parser) {
        return ScimException.invalidValue("The number" + where(parser.getLocation()) + " is too large: numbers may have at most "
                + MAX_NUMBER_DIGITS + " digits before and after the decimal point.");
    }

    private static JsonLocation safeLocation(JsonParser parser) {
        try {
            return parser.getLocation();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String where(JsonLocation loc) {
        return loc == null || loc.getLineNumber() < 0 ? "" : " at line " + loc.getLineNumber() + ", column " + loc.getColumnNumber();
    }
}
