package io.roster.loadgen;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Just enough JSON for the load generator: the jar must run on a bare JDK, so instead of a JSON
 * library this walks the text and pulls out the few fields needed ("id", "userName",
 * "totalResults", a Bulk operation's "status", discovery flags). It is depth-aware, so a key nested
 * inside a sub-object (say an "id" inside "meta" or a group reference) never shadows the resource's
 * own top-level field, and it reads JSON as JSON: any whitespace, any member order, a value written
 * as a string or as a number where servers differ. Anything malformed simply yields "not found":
 * callers treat that like a missing field.
 */
final class Json {

    private Json() {
    }

    /** The string value of a member of the top-level object, if present and a string. */
    static Optional<String> stringField(String json, String key) {
        try {
            Cursor c = new Cursor(json);
            if (c.seekMember(key) && c.peek() == '"') {
                return Optional.of(c.readString());
            }
        } catch (Malformed e) {
            // fall through: treated like an absent field
        }
        return Optional.empty();
    }

    /** The integer value of a member of the top-level object, if present and an integer. */
    static OptionalLong longField(String json, String key) {
        try {
            Cursor c = new Cursor(json);
            if (c.seekMember(key)) {
                String token = c.readLiteral();
                return OptionalLong.of(Long.parseLong(token));
            }
        } catch (Malformed | NumberFormatException e) {
            // fall through: a non-integer (or absent) value is "not found"
        }
        return OptionalLong.empty();
    }

    /**
     * The value at a path of members of nested objects ({@code "bulk", "supported"}) as text: a
     * string's content, or a number's or boolean's literal ({@code "1000"}, {@code "true"}); empty when
     * absent, null, an object or an array.
     */
    static Optional<String> scalarAt(String json, String... path) {
        try {
            Cursor c = new Cursor(json);
            for (String key : path) {
                if (!c.seekMember(key)) {
                    return Optional.empty();
                }
            }
            return c.readScalar();
        } catch (Malformed e) {
            return Optional.empty();
        }
    }

    /**
     * For a top-level array of objects (e.g. a SCIM ListResponse's "Resources"), the string value of
     * {@code field} in each element that has one, in order. Elements without it are skipped.
     */
    static List<String> stringsInArray(String json, String arrayKey, String field) {
        return inArray(json, arrayKey, field, false);
    }

    /**
     * As {@link #stringsInArray}, but a number or boolean counts too, as its literal: a BulkResponse's
     * {@code "status"} is {@code "201"} in RFC 7644 section 3.7.3 and {@code 201} from some servers.
     */
    static List<String> scalarsInArray(String json, String arrayKey, String field) {
        return inArray(json, arrayKey, field, true);
    }

    private static List<String> inArray(String json, String arrayKey, String field, boolean anyScalar) {
        List<String> out = new ArrayList<>();
        try {
            Cursor c = new Cursor(json);
            if (!c.seekMember(arrayKey) || c.peek() != '[') {
                return out;
            }
            c.expect('[');
            if (c.peek() == ']') {
                return out;
            }
            while (true) {
                if (c.peek() == '{') {
                    c.readObjectField(field, anyScalar).ifPresent(out::add);
                } else {
                    c.skipValue();
                }
                char next = c.next();
                if (next == ']') {
                    return out;
                }
                if (next != ',') {
                    throw new Malformed();
                }
            }
        } catch (Malformed e) {
            // keep what was read before the damage: partial pages are still useful for sampling
            return out;
        }
    }

    /** {@code s} as a JSON string literal, quotes included. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (ch < 0x20) {
                        b.append(String.format("\\u%04x", (int) ch));
                    } else {
                        b.append(ch);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    /** Internal signal for text that is not the JSON we expected; never escapes this class. */
    private static final class Malformed extends RuntimeException {
        Malformed() {
            super(null, null, false, false); // no stack trace: it is control flow, not a bug
        }
    }

    private static final class Cursor {
        private final String s;
        private int pos;

        Cursor(String s) {
            this.s = s == null ? "" : s;
        }

        /**
         * Positions the cursor on the value of {@code key} in the object starting here. Returns
         * false (cursor anywhere) if the object has no such member.
         */
        boolean seekMember(String key) {
            expect('{');
            if (peek() == '}') {
                return false;
            }
            while (true) {
                String name = readString();
                expect(':');
                if (name.equals(key)) {
                    peek(); // skip whitespace so the caller sees the value's first char
                    return true;
                }
                skipValue();
                char next = next();
                if (next == '}') {
                    return false;
                }
                if (next != ',') {
                    throw new Malformed();
                }
            }
        }

        /** Reads a whole object, returning the string (or, when {@code anyScalar}, any scalar) value of {@code field}. */
        Optional<String> readObjectField(String field, boolean anyScalar) {
            expect('{');
            Optional<String> found = Optional.empty();
            if (peek() == '}') {
                pos++;
                return found;
            }
            while (true) {
                String name = readString();
                expect(':');
                if (name.equals(field) && peek() == '"') {
                    found = Optional.of(readString());
                } else if (name.equals(field) && anyScalar && peek() != '{' && peek() != '[') {
                    found = readScalar();
                } else {
                    skipValue();
                }
                char next = next();
                if (next == '}') {
                    return found;
                }
                if (next != ',') {
                    throw new Malformed();
                }
            }
        }

        /** The value here as text if it is a string, number or boolean; empty (consumed) for null, objects and arrays. */
        Optional<String> readScalar() {
            char ch = peek();
            if (ch == '"') {
                return Optional.of(readString());
            }
            if (ch == '{' || ch == '[') {
                skipContainer();
                return Optional.empty();
            }
            String literal = readLiteral();
            return literal.equals("null") ? Optional.empty() : Optional.of(literal);
        }

        void skipValue() {
            char ch = peek();
            switch (ch) {
                case '"' -> readString();
                case '{', '[' -> skipContainer();
                default -> readLiteral();
            }
        }

        /** Skips a balanced object or array; strings are read so brackets inside them don't count. */
        private void skipContainer() {
            int depth = 0;
            do {
                char ch = peek();
                if (ch == '"') {
                    readString();
                    continue;
                }
                pos++;
                if (ch == '{' || ch == '[') {
                    depth++;
                } else if (ch == '}' || ch == ']') {
                    depth--;
                }
            } while (depth > 0);
        }

        /** A number, true, false or null, as its raw text. */
        String readLiteral() {
            peek();
            int start = pos;
            while (pos < s.length() && "+-.0123456789eEtruefalsn".indexOf(s.charAt(pos)) >= 0) {
                pos++;
            }
            if (start == pos) {
                throw new Malformed();
            }
            return s.substring(start, pos);
        }

        String readString() {
            expect('"');
            StringBuilder b = null; // only allocated when the string has escapes
            int start = pos;
            while (true) {
                if (pos >= s.length()) {
                    throw new Malformed();
                }
                char ch = s.charAt(pos++);
                if (ch == '"') {
                    return b == null ? s.substring(start, pos - 1) : b.toString();
                }
                if (ch != '\\') {
                    if (b != null) {
                        b.append(ch);
                    }
                    continue;
                }
                if (b == null) {
                    b = new StringBuilder(s.substring(start, pos - 1));
                }
                if (pos >= s.length()) {
                    throw new Malformed();
                }
                char esc = s.charAt(pos++);
                switch (esc) {
                    case '"', '\\', '/' -> b.append(esc);
                    case 'b' -> b.append('\b');
                    case 'f' -> b.append('\f');
                    case 'n' -> b.append('\n');
                    case 'r' -> b.append('\r');
                    case 't' -> b.append('\t');
                    case 'u' -> {
                        if (pos + 4 > s.length()) {
                            throw new Malformed();
                        }
                        try {
                            b.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
                        } catch (NumberFormatException e) {
                            throw new Malformed();
                        }
                        pos += 4;
                    }
                    default -> throw new Malformed();
                }
            }
        }

        void expect(char ch) {
            if (next() != ch) {
                throw new Malformed();
            }
        }

        /** The next non-whitespace char, consumed. */
        char next() {
            char ch = peek();
            pos++;
            return ch;
        }

        /** The next non-whitespace char, not consumed. */
        char peek() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
            if (pos >= s.length()) {
                throw new Malformed();
            }
            return s.charAt(pos);
        }
    }
}
