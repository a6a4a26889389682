package io.roster.scim.filter;

import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/** Renders AST nodes back to filter text. */
final class FilterText {

    private FilterText() {
    }

    static String operand(Filter f, boolean parenthesise) {
        return parenthesise ? "(" + f + ")" : f.toString();
    }

    /** A compValue as JSON text (RFC 7644 section 3.4.2.2 takes compValue from RFC 7159). */
    static String json(JsonValue value) {
        return switch (value.getValueType()) {
            case STRING -> quote(((JsonString) value).getString());
            case NUMBER -> ((JsonNumber) value).bigDecimalValue().toString();
            case TRUE -> "true";
            case FALSE -> "false";
            case NULL -> "null";
            default -> value.toString();
        };
    }

    /** A JSON string literal; control characters are escaped so the result is always one line. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
